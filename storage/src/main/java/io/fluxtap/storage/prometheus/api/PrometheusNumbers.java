package io.fluxtap.storage.prometheus.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as Prometheus' API writes them. A sample value is a JSON string holding Go's shortest round-trip
 * form: plain digits, or exponent form below 1e-6 and from 1e21 on ({@code "1e+21"}, {@code "1.5e-07"}), and
 * {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}. A timestamp is a JSON number of seconds with the milliseconds
 * as exactly three digits after the point, or none when they are zero ({@code 1435781451.780}).
 */
public final class PrometheusNumbers {

    private PrometheusNumbers() {
    }

    public static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        BigDecimal decimal = shortest(v);
        double abs = Math.abs(v);
        if (abs < 1e-6 || abs >= 1e21) {
            return exponentForm(decimal);
        }
        return decimal.toPlainString();
    }

    /**
     * The fewest significant digits that read back as {@code v}, as Go finds them. Double.toString does the
     * same (JDK 19+) except that it always writes two digits, where one may do (4.9E-324 for Go's 5e-324).
     */
    private static BigDecimal shortest(double v) {
        BigDecimal decimal = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (decimal.precision() == 2) {
            BigDecimal oneDigit = decimal.round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (oneDigit.doubleValue() == v) {
                return oneDigit.stripTrailingZeros();
            }
        }
        return decimal;
    }

    private static String exponentForm(BigDecimal decimal) {
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        StringBuilder text = new StringBuilder();
        if (decimal.signum() < 0) {
            text.append('-');
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        text.append('e').append(exponent < 0 ? '-' : '+');
        int absExponent = Math.abs(exponent);
        if (absExponent < 10) {
            text.append('0');
        }
        return text.append(absExponent).toString();
    }

    public static String timestamp(long ms) {
        StringBuilder text = new StringBuilder();
        long abs = ms;
        if (ms < 0) {
            text.append('-');
            abs = -ms;
        }
        text.append(abs / 1000);
        long fraction = abs % 1000;
        if (fraction != 0) {
            text.append('.');
            if (fraction < 100) {
                text.append('0');
            }
            if (fraction < 10) {
                text.append('0');
            }
            text.append(fraction);
        }
        return text.toString();
    }
}
