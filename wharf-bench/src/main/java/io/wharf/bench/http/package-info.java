/**
 * The HTTP benchmark ({@code bench/http.sh}): wharf's static file server under its models against nginx and
 * Jetty 12, serving the same folder to wrk on the same machine. {@link io.wharf.bench.http.HttpBench} runs the
 * rounds; {@link io.wharf.bench.http.WrkOutput} reads wrk's report; {@link io.wharf.bench.http.NginxConfig}
 * writes the bench's own nginx config; {@link io.wharf.bench.http.HttpGoals} checks the targets;
 * {@link io.wharf.bench.http.JettyFileServer} is the Java peer.
 */
package io.wharf.bench.http;
