package io.wharf.http.server;

import io.wharf.core.StartupException;
import io.wharf.core.spi.ServiceContext;
import io.wharf.http.spi.HttpExtension;
import io.wharf.http.spi.Mount;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The {@link HttpExtension}s on the class path, found once. Threading: immutable after loading. */
final class Extensions {

    private static final List<HttpExtension> ALL = ServiceLoader.load(HttpExtension.class).stream()
            .map(ServiceLoader.Provider::get).toList();

    private Extensions() {
    }

    static List<HttpExtension> all() {
        return ALL;
    }

    /** Every extension's mount for one listener; if one cannot start, those started are closed again. */
    static List<Mount> start(ServiceContext context) throws StartupException {
        List<Mount> mounts = new ArrayList<>();
        for (HttpExtension e : ALL) {
            try {
                mounts.add(e.start(context));
            } catch (StartupException | RuntimeException failure) {
                mounts.forEach(Mount::close);
                throw failure;
            }
        }
        return mounts;
    }
}
