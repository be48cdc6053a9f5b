package io.wharf.kv;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;

/**
 * Lets the JVM give heap it no longer needs back to the operating system, so that a key space's resident set
 * tracks its data rather than its peak: a bulk load leaves G1 with a heap sized for the garbage of the load, and
 * by default (free ratios 40/70) a collection shrinks it only to under 70% free. Under G1 this sets the
 * {@code manageable} flags {@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio} to 10/20 (after a full or
 * remark-time resize, at most a fifth of the heap stays free and committed) and {@code G1PeriodicGCInterval} to a
 * minute (an idle server runs a concurrent cycle, which uncommits what is free). Each flag is left alone if it was
 * set on the command line ({@code WHARF_JAVA_OPTS}), and nothing is done under another collector.
 *
 * <p>The flags are the whole JVM's: with other listeners in the same process their heap is returned too.
 *
 * <p>Threading: {@link #apply} is idempotent and thread-safe (the JVM serialises flag writes).
 */
final class HeapReturn {

    private static final Logger LOG = LoggerFactory.getLogger(HeapReturn.class);

    private HeapReturn() {
    }

    static void apply() {
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(gc -> gc.getName().startsWith("G1"));
        if (!g1) {
            return;
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            // Min before Max: the JVM refuses a Max below the current Min (40)
            setDefault(vm, "MinHeapFreeRatio", "10");
            setDefault(vm, "MaxHeapFreeRatio", "20");
            setDefault(vm, "G1PeriodicGCInterval", "60000");
        } catch (RuntimeException e) {
            LOG.debug("heap return flags not set: {}", e.toString());
        }
    }

    private static void setDefault(HotSpotDiagnosticMXBean vm, String name, String value) {
        VMOption option = vm.getVMOption(name);
        if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
            vm.setVMOption(name, value);
        }
    }
}
