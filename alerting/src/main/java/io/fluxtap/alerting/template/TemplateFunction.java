package io.fluxtap.alerting.template;

import java.util.List;

/**
 * A function callable from a template, as an entry of Go's {@code template.FuncMap}. Arguments arrive evaluated
 * (a pipeline's value last); a thrown exception becomes Go's {@code error calling NAME: MESSAGE}.
 */
@FunctionalInterface
public interface TemplateFunction {

    Object call(List<Object> args) throws Exception;
}
