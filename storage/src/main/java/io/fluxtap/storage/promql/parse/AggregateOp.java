package io.fluxtap.storage.promql.parse;

import java.util.Locale;

/** Aggregation operators; {@code paramType} is null for those without a parameter. */
public enum AggregateOp {
    SUM(null), AVG(null), MIN(null), MAX(null), COUNT(null), GROUP(null), STDDEV(null), STDVAR(null),
    TOPK(ValueType.SCALAR), BOTTOMK(ValueType.SCALAR), QUANTILE(ValueType.SCALAR), COUNT_VALUES(ValueType.STRING),
    LIMITK(ValueType.SCALAR), LIMIT_RATIO(ValueType.SCALAR);

    private final ValueType paramType;

    AggregateOp(ValueType paramType) {
        this.paramType = paramType;
    }

    public ValueType paramType() {
        return paramType;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AggregateOp byKeyword(String text) {
        for (AggregateOp op : values()) {
            if (op.keyword().equalsIgnoreCase(text)) {
                return op;
            }
        }
        return null;
    }
}
