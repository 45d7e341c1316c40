package io.fluxtap.ui.query;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FieldCompletionTest {

    private static final List<String> KEYS = List.of("http.method", "http.status_code", "user id");

    private static List<String> offered(String text) {
        return FieldCompletion.at(text).map(c -> c.candidates(KEYS, 20)).orElse(List.of());
    }

    @Test
    void fieldsAreOfferedWhereAFieldMayStart() {
        assertEquals(List.of("level"), offered("lev"));
        assertEquals(List.of("level"), offered("entity_name = 'api' AND le"));
        assertEquals(List.of("level"), offered("(lev"));
        assertEquals(List.of("level"), offered("NOT  le"));
        assertEquals(List.of("entity_name", "span_id", "severity_number", "severity_text", "scope_name", "scope_version"),
                offered("body = 'x' or s"));
    }

    @Test
    void serviceFindsEntityName() {
        assertEquals(List.of("entity_name"), offered("serv"));
        assertEquals(List.of("entity_name"), offered("ent"));
    }

    @Test
    void attributeKeysAreOfferedByFieldOrByKeyAndQuotedWhenTheyMustBe() {
        assertEquals(List.of("attributes.http.method", "attributes.http.status_code"), offered("http"));
        assertEquals(List.of("attributes.http.status_code"), offered("attributes.http.s"));
        assertEquals(List.of("attributes.\"user id\""), offered("user"));
    }

    @Test
    void nothingInsideAValueAfterAnOperatorOrForAWholeField() {
        assertEquals(Optional.empty(), FieldCompletion.at("body = 'lev"));
        assertEquals(Optional.empty(), FieldCompletion.at("level = err"));
        assertEquals(Optional.empty(), FieldCompletion.at("level IN (err"));
        assertEquals(List.of(), offered("level"));
        assertEquals(Optional.empty(), FieldCompletion.at(""));
    }

    @Test
    void aChoiceReplacesThePrefixAndLeavesRoomForTheOperator() {
        FieldCompletion at = FieldCompletion.at("level = 'error' AND http").orElseThrow();
        assertEquals("level = 'error' AND attributes.http.status_code ", at.apply("level = 'error' AND http",
                "attributes.http.status_code"));
    }
}
