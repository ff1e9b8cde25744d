package dev.cdcflow.seeder.model;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Word lists that make generated rows look like a web shop's. */
final class Names {

    static final List<String> FIRST = List.of("Anna", "Ben", "Chloé", "David", "Elif", "Finn", "Greta", "Hugo",
            "Ines", "Jonas", "Kaja", "Luca", "Mia", "Noah", "Olga", "Paul", "Quinn", "Rosa", "Sven", "Tara", "Umar",
            "Vera", "Wen", "Xavier", "Yara", "Zoë");
    static final List<String> LAST = List.of("Adler", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "García",
            "Hansen", "Ivanova", "Jensen", "Kowalski", "Larsen", "Müller", "Nowak", "Okafor", "Petrov", "Quist",
            "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Wagner", "Yilmaz", "Zimmermann");
    /** City and ISO country code. */
    static final List<String[]> CITIES = List.of(new String[] {"Berlin", "DE"}, new String[] {"Hamburg", "DE"},
            new String[] {"Vienna", "AT"}, new String[] {"Zurich", "CH"}, new String[] {"Paris", "FR"},
            new String[] {"Lyon", "FR"}, new String[] {"Madrid", "ES"}, new String[] {"Milan", "IT"},
            new String[] {"Amsterdam", "NL"}, new String[] {"Copenhagen", "DK"}, new String[] {"Warsaw", "PL"},
            new String[] {"Lisbon", "PT"}, new String[] {"Dublin", "IE"}, new String[] {"Oslo", "NO"});
    static final List<String> CATEGORIES = List.of("kitchen", "garden", "books", "toys", "outdoor", "office",
            "bath", "lighting", "audio", "tea");
    static final List<String> ADJECTIVES = List.of("Classic", "Compact", "Deluxe", "Eco", "Handmade", "Large",
            "Modern", "Organic", "Portable", "Quiet", "Rustic", "Smart", "Vintage", "Wireless");
    static final List<String> NOUNS = List.of("Kettle", "Lamp", "Chair", "Notebook", "Speaker", "Planter", "Mug",
            "Blanket", "Backpack", "Puzzle", "Teapot", "Towel", "Desk", "Tent");

    private Names() {
    }

    static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    /** Lower-case ASCII for email addresses. */
    static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
