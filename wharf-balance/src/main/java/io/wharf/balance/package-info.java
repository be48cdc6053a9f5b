/**
 * {@code wharf serve balance}: a TCP load balancer. Backends ({@link io.wharf.balance.BackendSpec}, live on
 * SIGHUP through {@link io.wharf.balance.BackendPool}), the balancing algorithms
 * ({@link io.wharf.balance.Balancer}), health checks ({@link io.wharf.balance.HealthChecker}) and the forwarding
 * of one client to one backend ({@link io.wharf.balance.ProxySession}) on the core's outbound connections.
 */
package io.wharf.balance;
