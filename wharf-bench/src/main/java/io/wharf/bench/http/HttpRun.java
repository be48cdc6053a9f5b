package io.wharf.bench.http;

/**
 * One target serving one file for one measurement window.
 *
 * @param serverCpuCores the server's CPU over the window as a share of one core (1.0 = one core busy
 *                       throughout; nginx's worker included), NaN where the OS does not say
 */
record HttpRun(HttpTarget target, BenchFile file, int round, WrkResult wrk, double serverCpuCores) {
}
