package com.acme.search.smoke;

import java.util.LinkedHashMap;
import java.util.Map;

/** The facet part of the synthetic search check that search-smoke runs against production. */
public final class FacetCountCheck {
    private FacetCountCheck() {
    }

    public static Map<String, Long> totals(Map<String, Object> facets) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : facets.entrySet()) {
            out.put(e.getKey(), (Long) e.getValue());
        }
        return out;
    }
}
