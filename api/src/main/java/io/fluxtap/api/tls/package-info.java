/**
 * TLS key material from files: {@link io.fluxtap.api.tls.PemFiles} reads PEM for every TLS end of Fluxtap (the
 * notifiers' and scrapers' {@code tls_config}, the listeners), {@link io.fluxtap.api.tls.ReloadingServerTls} is one
 * listener's {@code SSLContext} that follows its files ({@code fluxtap.tls.*}, {@link io.fluxtap.api.tls.ServerTlsSettings}).
 * Plain JDK types only, so the Helidon, grpc-java and Jetty listeners of the other modules all take it.
 */
package io.fluxtap.api.tls;
