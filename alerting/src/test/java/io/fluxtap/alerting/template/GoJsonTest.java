package io.fluxtap.alerting.template;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoJsonTest {

    @Test
    void stringsAreEscapedAsGoEscapesThem() {
        // Expected values are what Go 1.19's json.Marshal gives (Alertmanager 0.25's toolchain).
        assertEquals("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\r\\t\\u0001\\u0008\\u000c\\u2028\\u2029é😀\"\n",
                GoJson.encode("a<b>&\"\\\n\r\t\u0001\b\f\u2028\u2029é😀"));
        assertEquals("\"\\ufffd\"\n", GoJson.encode("\ud800"));
    }

    @Test
    void mapsAreSortedStructsKeepTheirOrder() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("z", 1);
        struct.put("a", GoJson.goMap(Map.of("b", "2", "a", "1", "B", "0", "\uffff", "x", "😀", "y")));
        struct.put("l", List.of());
        struct.put("n", null);
        assertEquals("{\"z\":1,\"a\":{\"B\":\"0\",\"a\":\"1\",\"b\":\"2\",\"\uffff\":\"x\",\"😀\":\"y\"},\"l\":[],\"n\":null}\n",
                GoJson.encode(struct));
    }

    @Test
    void floatsAsGo() {
        assertEquals("1", GoJson.goFloat(1.0));
        assertEquals("0.1", GoJson.goFloat(0.1));
        assertEquals("1234567.5", GoJson.goFloat(1234567.5));
        assertEquals("100000000000000000000", GoJson.goFloat(1e20));
        assertEquals("1e+21", GoJson.goFloat(1e21));
        assertEquals("0.000001", GoJson.goFloat(1e-6));
        assertEquals("1e-7", GoJson.goFloat(1e-7));
        assertEquals("-1.5e-7", GoJson.goFloat(-1.5e-7));
    }
}
