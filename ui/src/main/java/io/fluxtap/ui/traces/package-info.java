/**
 * The Traces page: search (service, operation, duration range, status, an attribute, a flux id) with results
 * drawn as duration bars, and the trace view ({@code /traces/<trace id>}): a waterfall of the spans nested by
 * parent on one time axis (a virtualised grid, so 5,000 spans open), the selected span's detail, the trace's logs
 * in time order and the business messages it carried. All of it is SQL over the {@code spans}, {@code logs} and
 * {@code messages} views through {@code SqlQueries} ({@link io.fluxtap.ui.traces.TraceSql} builds it), since no
 * api port returns a trace with its spans.
 */
package io.fluxtap.ui.traces;
