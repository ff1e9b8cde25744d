package dev.cdcflow.batchmodel;

/** A column of a model: its name (a CSV header field, a ClickHouse column) and its type. */
public record ModelColumn(String name, ModelType type) {
}
