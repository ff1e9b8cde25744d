package dev.cdcflow.seeder.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One task's view of the shop: its customers, products and orders, with the operations a transaction performs.
 * Each operation changes the model and returns the rows it wrote, with before-images. A task owns the ids that are
 * congruent to its index modulo the task count, so tasks never write the same row.
 */
final class ShopModel {

    enum Status { PENDING, PAID, SHIPPED, DELIVERED, CANCELLED }

    private static final class Customer {
        final long id;
        String email;
        final String firstName;
        final String lastName;
        String city;
        String country;
        final Instant createdAt;
        Instant updatedAt;
        final List<Long> orders = new ArrayList<>();

        Customer(long id, String email, String firstName, String lastName, String city, String country, Instant at) {
            this.id = id;
            this.email = email;
            this.firstName = firstName;
            this.lastName = lastName;
            this.city = city;
            this.country = country;
            this.createdAt = at;
            this.updatedAt = at;
        }

        Object[] row() {
            return new Object[] {id, email, firstName, lastName, city, country, createdAt, updatedAt};
        }
    }

    private static final class Product {
        final long id;
        final String sku;
        final String name;
        final String category;
        BigDecimal price;
        final Instant createdAt;
        Instant updatedAt;

        Product(long id, String sku, String name, String category, BigDecimal price, Instant at) {
            this.id = id;
            this.sku = sku;
            this.name = name;
            this.category = category;
            this.price = price;
            this.createdAt = at;
            this.updatedAt = at;
        }

        Object[] row() {
            return new Object[] {id, sku, name, category, price, createdAt, updatedAt};
        }
    }

    private record Item(long id, long orderId, long productId, int quantity, BigDecimal unitPrice, Instant createdAt) {
        Object[] row() {
            return new Object[] {id, orderId, productId, quantity, unitPrice, createdAt};
        }
    }

    private static final class Order {
        final long id;
        final long customerId;
        Status status;
        final BigDecimal total;
        final Instant placedAt;
        Instant updatedAt;
        final List<Item> items;

        Order(long id, long customerId, Status status, BigDecimal total, Instant at, List<Item> items) {
            this.id = id;
            this.customerId = customerId;
            this.status = status;
            this.total = total;
            this.placedAt = at;
            this.updatedAt = at;
            this.items = items;
        }

        Object[] row() {
            return new Object[] {id, customerId, status.name().toLowerCase(Locale.ROOT), total, placedAt,
                updatedAt};
        }
    }

    private static final BigDecimal MIN_PRICE = new BigDecimal("0.50");

    private final int taskIndex;
    private final int taskCount;
    private final Map<Long, Customer> customers = new HashMap<>();
    private final IndexedSet customerIds = new IndexedSet();
    private final List<Product> products = new ArrayList<>();
    private final Map<Long, Order> orders = new HashMap<>();
    private final IndexedSet openOrders = new IndexedSet();
    private final IndexedSet cancelledOrders = new IndexedSet();
    private long nextCustomer;
    private long nextOrder;
    private long nextItem;

    ShopModel(int taskIndex, int taskCount) {
        this.taskIndex = taskIndex;
        this.taskCount = taskCount;
    }

    /** The task's id for its {@code local}-th entity of a kind: disjoint across tasks, starting at 1. */
    private long id(long local) {
        return local * taskCount + taskIndex + 1;
    }

    int productCount() {
        return products.size();
    }

    boolean hasCustomers() {
        return !customerIds.isEmpty();
    }

    boolean hasOpenOrders() {
        return !openOrders.isEmpty();
    }

    boolean hasCancelledOrders() {
        return !cancelledOrders.isEmpty();
    }

    RowChange addProduct(String name, String category, BigDecimal price, Instant at, boolean fullLoad) {
        long id = id(products.size());
        Product product = new Product(id, "SKU-" + id, name, category, price, at);
        products.add(product);
        return RowChange.insert(ShopTable.PRODUCTS, product.row(), fullLoad);
    }

    RowChange addCustomer(String email, String firstName, String lastName, String[] city, Instant at,
                          boolean fullLoad) {
        Customer customer = new Customer(id(nextCustomer++), email, firstName, lastName, city[0], city[1], at);
        customers.put(customer.id, customer);
        customerIds.add(customer.id);
        return RowChange.insert(ShopTable.CUSTOMERS, customer.row(), fullLoad);
    }

    /** Next customer id, for building an email before the customer exists. */
    long peekCustomerId() {
        return id(nextCustomer);
    }

    long pickCustomer(SplittableRandom random) {
        return customerIds.pick(random);
    }

    /** An order of {@code quantities[i]} units of the products at {@code productRanks[i]}, in the given status. */
    List<RowChange> addOrder(long customerId, int[] productRanks, int[] quantities, Status status, Instant at,
                             boolean fullLoad) {
        long orderId = id(nextOrder++);
        List<Item> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < productRanks.length; i++) {
            Product product = products.get(productRanks[i]);
            items.add(new Item(id(nextItem++), orderId, product.id, quantities[i], product.price, at));
            total = total.add(product.price.multiply(BigDecimal.valueOf(quantities[i])));
        }
        Order order = new Order(orderId, customerId, status, total.setScale(2, RoundingMode.HALF_EVEN), at, items);
        orders.put(orderId, order);
        customers.get(customerId).orders.add(orderId);
        track(order);
        List<RowChange> changes = new ArrayList<>(items.size() + 1);
        changes.add(RowChange.insert(ShopTable.ORDERS, order.row(), fullLoad));
        items.forEach(item -> changes.add(RowChange.insert(ShopTable.ORDER_ITEMS, item.row(), fullLoad)));
        return changes;
    }

    /** Moves a random open order one step on; a pending one is cancelled with {@code cancelRatio}. */
    RowChange progressOrder(SplittableRandom random, double cancelRatio, Instant at) {
        Order order = orders.get(openOrders.pick(random));
        Object[] before = order.row();
        untrack(order);
        order.status = switch (order.status) {
            case PENDING -> random.nextDouble() < cancelRatio ? Status.CANCELLED : Status.PAID;
            case PAID -> Status.SHIPPED;
            default -> Status.DELIVERED;
        };
        order.updatedAt = at;
        track(order);
        return RowChange.update(ShopTable.ORDERS, before, order.row());
    }

    RowChange changePrice(int productRank, double factor, Instant at) {
        Product product = products.get(productRank);
        Object[] before = product.row();
        product.price = product.price.multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_EVEN)
                .max(MIN_PRICE);
        product.updatedAt = at;
        return RowChange.update(ShopTable.PRODUCTS, before, product.row());
    }

    RowChange updateCustomer(long customerId, String newEmail, String[] newCity, Instant at) {
        Customer customer = customers.get(customerId);
        Object[] before = customer.row();
        if (newEmail != null) {
            customer.email = newEmail;
        }
        if (newCity != null) {
            customer.city = newCity[0];
            customer.country = newCity[1];
        }
        customer.updatedAt = at;
        return RowChange.update(ShopTable.CUSTOMERS, before, customer.row());
    }

    String emailOf(long customerId) {
        return customers.get(customerId).email;
    }

    String[] namesOf(long customerId) {
        Customer customer = customers.get(customerId);
        return new String[] {customer.firstName, customer.lastName};
    }

    /** Deletes a random cancelled order; its items go by cascade (reported first, as Debezium reports them). */
    List<RowChange> purgeCancelledOrder(SplittableRandom random) {
        Order order = orders.get(cancelledOrders.pick(random));
        customers.get(order.customerId).orders.remove(Long.valueOf(order.id));
        List<RowChange> changes = new ArrayList<>();
        removeOrder(order, false, changes);
        return changes;
    }

    /** Erases a customer; their orders and items go by cascade. */
    List<RowChange> eraseCustomer(long customerId) {
        Customer customer = customers.remove(customerId);
        customerIds.remove(customerId);
        List<RowChange> changes = new ArrayList<>();
        for (long orderId : customer.orders) {
            removeOrder(orders.get(orderId), true, changes);
        }
        changes.add(RowChange.delete(ShopTable.CUSTOMERS, customer.row(), false));
        return changes;
    }

    private void removeOrder(Order order, boolean cascaded, List<RowChange> changes) {
        orders.remove(order.id);
        untrack(order);
        order.items.forEach(item -> changes.add(RowChange.delete(ShopTable.ORDER_ITEMS, item.row(), true)));
        changes.add(RowChange.delete(ShopTable.ORDERS, order.row(), cascaded));
    }

    private void track(Order order) {
        switch (order.status) {
            case PENDING, PAID, SHIPPED -> openOrders.add(order.id);
            case CANCELLED -> cancelledOrders.add(order.id);
            default -> {
            }
        }
    }

    private void untrack(Order order) {
        openOrders.remove(order.id);
        cancelledOrders.remove(order.id);
    }
}
