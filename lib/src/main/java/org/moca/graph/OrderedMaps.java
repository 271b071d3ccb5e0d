package org.moca.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Unmodifiable map copies that keep their source's iteration order, for reproducible layouts. */
final class OrderedMaps {

    private OrderedMaps() {}

    /**
     * An unmodifiable copy of {@code map} iterating in {@code map}'s order. {@code Map.copyOf} would not do: its
     * iteration order is salted per JVM run, so a state vector laid out from it would change between runs.
     *
     * @throws NullPointerException naming {@code what} for a null map, key or value
     */
    static <K, V> Map<K, V> copyOf(Map<K, V> map, String what) {
        Objects.requireNonNull(map, what);
        if (map instanceof OrderedCopy<?, ?>) return map;
        Map<K, V> copy = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, () -> what + ": null key"),
                Objects.requireNonNull(v, () -> what + ": null value for " + k)));
        return new OrderedCopy<>(copy);
    }

    /** Marker so that copying a copy is free. Equality and hash code are those of any {@link Map}. */
    private static final class OrderedCopy<K, V> extends java.util.AbstractMap<K, V> {
        private final Map<K, V> view;

        OrderedCopy(Map<K, V> map) {
            this.view = Collections.unmodifiableMap(map);
        }

        @Override
        public java.util.Set<Entry<K, V>> entrySet() {
            return view.entrySet();
        }

        @Override
        public V get(Object key) {
            return view.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return view.containsKey(key);
        }

        @Override
        public int size() {
            return view.size();
        }
    }
}
