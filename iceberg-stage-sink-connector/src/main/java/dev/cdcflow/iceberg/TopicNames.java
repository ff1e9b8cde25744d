package dev.cdcflow.iceberg;

/** Which stage table a topic's rows go to: the topic's last dot-separated part ({@code storefront.public.orders}). */
final class TopicNames {

    private TopicNames() {
    }

    static String tableOf(String topic) {
        return topic.substring(topic.lastIndexOf('.') + 1);
    }
}
