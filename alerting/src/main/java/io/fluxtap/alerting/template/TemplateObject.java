package io.fluxtap.alerting.template;

import java.util.List;

/**
 * A data object whose fields and methods a template reaches with {@code .Name}, as Go reaches struct fields and
 * methods by reflection. Field names are Go's exported names ({@code .Labels}, {@code .SortedPairs}).
 */
public interface TemplateObject {

    /** Returned by {@link #field} when the object has no field or method of that name. */
    Object NO_FIELD = new Object() {
        @Override
        public String toString() {
            return "NO_FIELD";
        }
    };

    /**
     * The field's value, or the method's result for these arguments; {@link #NO_FIELD} when there is neither.
     *
     * @throws IllegalArgumentException for arguments given to a field, or wrong arguments for a method
     */
    Object field(String name, List<Object> args);
}
