package io.wharf.http.server;

import io.wharf.http.files.FileCache;
import io.wharf.http.files.PathResolver;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the document root by the Host header: each virtual host has its own, and any other host (or none)
 * gets the default {@code document_root}. Threading: immutable after construction.
 */
final class VirtualHosts {

    private final StaticFiles defaultHost;
    private final Map<String, StaticFiles> byName = new HashMap<>();

    VirtualHosts(HttpSettings settings) {
        FileCache cache = settings.fileCache() == 0 ? null
                : new FileCache(Math.min(FileCache.DEFAULT_MAX_ENTRY_BYTES, settings.fileCache()), settings.fileCache());
        this.defaultHost = new StaticFiles(settings, settings.root(), cache);
        settings.hosts().forEach((name, root) -> byName.put(name, new StaticFiles(settings, root, cache)));
    }

    StaticFiles filesFor(String hostHeader) {
        if (hostHeader == null || byName.isEmpty()) {
            return defaultHost;
        }
        return byName.getOrDefault(hostName(hostHeader), defaultHost);
    }

    /** {@code Example.COM:8080} to {@code example.com}; {@code [::1]:80} to {@code [::1]}. */
    static String hostName(String host) {
        String h = host.trim();
        if (!isLowerCase(h)) { // the usual case allocates nothing
            h = h.toLowerCase(Locale.ROOT);
        }
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean isLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7F) {
                return false;
            }
        }
        return true;
    }

    static PathResolver resolver(HttpSettings s, java.nio.file.Path root) {
        return new PathResolver(root, new PathResolver.Options(s.dotfiles(), s.followSymlinks(), s.index()));
    }
}
