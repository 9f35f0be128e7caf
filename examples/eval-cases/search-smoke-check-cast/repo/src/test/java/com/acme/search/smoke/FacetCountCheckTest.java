package com.acme.search.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FacetCountCheckTest {
    @Test
    void keepsCounts() {
        assertEquals(12L, FacetCountCheck.totals(Map.of("brand:acme", 12L)).get("brand:acme"));
    }
}
