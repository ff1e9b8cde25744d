package dev.cdcflow.common.metrics;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges published as an MBean of our own, for what a worker's plugin metrics cannot carry: workers before Kafka 4.1
 * have none, and a transformation gets them only by implementing an interface those workers cannot load. Read-only
 * long attributes, one per gauge; the MBean goes when {@link #close()} is called.
 */
public final class JmxGauges implements Gauges, DynamicMBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JmxGauges.class);

    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, String> descriptions = Collections.synchronizedMap(new LinkedHashMap<>());
    private final String className;
    private ObjectName name;

    /** @param type the MBean's {@code type} key, e.g. the plugin's class name */
    public JmxGauges(String type) {
        this.className = type;
    }

    /** Adds a gauge (before or after {@link #register}: the MBean describes itself when asked). */
    @Override
    public void add(String gauge, String description, LongSupplier value) {
        gauges.put(gauge, value);
        descriptions.put(gauge, description);
    }

    /** As {@link #add}, for chaining. */
    public JmxGauges with(String gauge, String description, LongSupplier value) {
        add(gauge, description, value);
        return this;
    }

    /**
     * Registers the MBean as {@code dev.cdcflow:type=<type>,<properties>}; a name still held (an instance that has
     * not stopped yet) is logged and left alone, as a metric is not worth failing a task for.
     */
    public JmxGauges register(Map<String, String> properties) {
        StringBuilder text = new StringBuilder("dev.cdcflow:type=").append(value(className));
        properties.forEach((key, value) -> text.append(',').append(key).append('=').append(value(value)));
        try {
            ObjectName candidate = new ObjectName(text.toString());
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, candidate);
            name = candidate;
        } catch (JMException e) {
            LOG.warn("Metrics MBean {} not registered: {}", text, e.getMessage());
        }
        return this;
    }

    /** A key property value, quoted only when it holds characters an unquoted one cannot. */
    private static String value(String text) {
        return text.matches("[^,=:\"*?\\\\\\s]+") ? text : ObjectName.quote(text);
    }

    /** The registered name, or null. */
    public ObjectName name() {
        return name;
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("Metrics MBean {} already gone", name, e);
        }
        name = null;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        LongSupplier gauge = gauges.get(attribute);
        if (gauge == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return gauge.getAsLong();
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            LongSupplier gauge = gauges.get(attribute);
            if (gauge != null) {
                list.add(new Attribute(attribute, gauge.getAsLong()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("No operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo[] attributes;
        synchronized (descriptions) {
            attributes = descriptions.entrySet().stream()
                    .map(entry -> new MBeanAttributeInfo(entry.getKey(), "long", entry.getValue(), true, false, false))
                    .toArray(MBeanAttributeInfo[]::new);
        }
        return new MBeanInfo(JmxGauges.class.getName(), "cdcflow metrics of " + className, attributes, null, null,
                null);
    }
}
