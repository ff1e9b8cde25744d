package dev.cdcflow.seeder.model;

import dev.cdcflow.seeder.model.ShopModel.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates one task's storefront traffic, deterministically: position 0 is the full load, every later position one
 * transaction drawn from the mix. The generator reads nothing but its own state, so restarting means replaying it
 * to a position ({@link #skipTo}); the database is never consulted to decide what happens next.
 */
public final class TrafficGenerator {

    private static final Status[] FULL_LOAD_STATUSES = {Status.DELIVERED, Status.DELIVERED, Status.DELIVERED,
        Status.DELIVERED, Status.DELIVERED, Status.DELIVERED, Status.SHIPPED, Status.PAID, Status.PENDING,
        Status.CANCELLED};
    private static final int MAX_ITEMS = 5;
    private static final int MAX_QUANTITY = 3;

    private final GeneratorSettings settings;
    private final ShopModel model;
    private final SplittableRandom random;
    private Zipf popularity;
    private long nextPosition;

    public TrafficGenerator(GeneratorSettings settings) {
        this.settings = settings;
        this.model = new ShopModel(settings.taskIndex(), settings.taskCount());
        // Mixing the task index in gives each task its own sequence from one configured seed.
        this.random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + settings.taskIndex());
    }

    /** The position the next call to {@link #next()} generates. */
    public long nextPosition() {
        return nextPosition;
    }

    /** Generates and discards transactions until {@code position} is next: the state a restarted task resumes from. */
    public void skipTo(long position) {
        while (nextPosition < position) {
            next();
        }
    }

    public ShopTransaction next() {
        long position = nextPosition++;
        Instant at = settings.logicalStart().plus(settings.logicalStep().multipliedBy(position));
        if (position == 0) {
            return new ShopTransaction(settings.taskIndex(), 0, TransactionKind.FULL_LOAD, at, fullLoad(at));
        }
        TransactionKind kind = settings.mix().pick(random);
        List<RowChange> changes = apply(kind, at);
        if (changes.isEmpty()) {
            // Nothing to act on yet (no cancelled order to purge, say): an order is always possible.
            kind = model.hasCustomers() ? TransactionKind.NEW_ORDER : TransactionKind.NEW_CUSTOMER;
            changes = apply(kind, at);
        }
        return new ShopTransaction(settings.taskIndex(), position, kind, at, changes);
    }

    private List<RowChange> fullLoad(Instant start) {
        List<RowChange> changes = new ArrayList<>();
        int productCount = Math.max(1, settings.share(settings.products()));
        for (int i = 0; i < productCount; i++) {
            changes.add(model.addProduct(Names.pick(Names.ADJECTIVES, random) + " " + Names.pick(Names.NOUNS, random),
                    Names.pick(Names.CATEGORIES, random), BigDecimal.valueOf(random.nextInt(100, 50_000), 2),
                    start.minusSeconds(productCount - i), true));
        }
        popularity = new Zipf(model.productCount(), settings.popularitySkew());
        int customerCount = Math.max(1, settings.share(settings.customers()));
        for (int i = 0; i < customerCount; i++) {
            changes.add(newCustomer(start.minusSeconds(customerCount - i), true));
        }
        int orderCount = settings.share(settings.orders());
        for (int i = 0; i < orderCount; i++) {
            Status status = FULL_LOAD_STATUSES[random.nextInt(FULL_LOAD_STATUSES.length)];
            changes.addAll(newOrder(status, start.minusSeconds(orderCount - i), true));
        }
        return changes;
    }

    private List<RowChange> apply(TransactionKind kind, Instant at) {
        switch (kind) {
            case NEW_CUSTOMER:
                return List.of(newCustomer(at, false));
            case NEW_ORDER:
                return model.hasCustomers() ? newOrder(Status.PENDING, at, false) : List.of();
            case ORDER_PROGRESS:
                return model.hasOpenOrders() ? List.of(model.progressOrder(random, settings.cancelRatio(), at))
                        : List.of();
            case PRICE_CHANGE:
                // Popular products get repriced more often, like real merchandising.
                double factor = 1 + (random.nextInt(1, 21) / 100.0) * (random.nextBoolean() ? 1 : -1);
                return List.of(model.changePrice(popularity.next(random), factor, at));
            case CUSTOMER_UPDATE:
                if (!model.hasCustomers()) {
                    return List.of();
                }
                long customer = model.pickCustomer(random);
                boolean emailChange = random.nextBoolean();
                String[] names = model.namesOf(customer);
                return List.of(model.updateCustomer(customer,
                        emailChange ? email(names[0], names[1], customer, random.nextInt(2, 100)) : null,
                        emailChange ? null : Names.pick(Names.CITIES, random), at));
            case ORDER_PURGE:
                return model.hasCancelledOrders() ? model.purgeCancelledOrder(random) : List.of();
            case CUSTOMER_ERASE:
                return model.hasCustomers() ? model.eraseCustomer(model.pickCustomer(random)) : List.of();
            default:
                throw new IllegalArgumentException("Not a delta transaction: " + kind);
        }
    }

    private RowChange newCustomer(Instant at, boolean fullLoad) {
        String first = Names.pick(Names.FIRST, random);
        String last = Names.pick(Names.LAST, random);
        long id = model.peekCustomerId();
        return model.addCustomer(email(first, last, id, 1), first, last, Names.pick(Names.CITIES, random), at,
                fullLoad);
    }

    private List<RowChange> newOrder(Status status, Instant at, boolean fullLoad) {
        long customer = model.pickCustomer(random);
        int itemCount = Math.min(model.productCount(), random.nextInt(1, MAX_ITEMS + 1));
        int[] ranks = new int[itemCount];
        int[] quantities = new int[itemCount];
        for (int i = 0; i < itemCount; i++) {
            ranks[i] = distinctRank(ranks, i);
            quantities[i] = random.nextInt(1, MAX_QUANTITY + 1);
        }
        return model.addOrder(customer, ranks, quantities, status, at, fullLoad);
    }

    /** A popular product not yet in the order (an order has each product once). */
    private int distinctRank(int[] chosen, int count) {
        while (true) {
            int rank = popularity.next(random);
            boolean taken = false;
            for (int i = 0; i < count; i++) {
                taken |= chosen[i] == rank;
            }
            if (!taken) {
                return rank;
            }
        }
    }

    private String email(String first, String last, long customerId, int variant) {
        String local = Names.ascii(first) + "." + Names.ascii(last) + customerId + (variant > 1 ? "." + variant : "");
        return random.nextDouble() < settings.invalidEmailRatio() ? local + ".example.com" : local + "@example.com";
    }
}
