package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.stats.ServerStats;
import io.wharf.kv.persist.AppendOnlyFile;
import io.wharf.kv.persist.PersistSettings;
import io.wharf.kv.persist.SaveRules;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** An in-JVM kv server with persistence in a directory, for the persistence tests; closing it stops it cleanly. */
final class KvPersistServer implements AutoCloseable {

    final KvService service;
    final Server server;

    private KvPersistServer(KvService service, Server server) {
        this.service = service;
        this.server = server;
    }

    static PersistSettings aof(Path dir, AppendOnlyFile.Fsync fsync) {
        return new PersistSettings(dir, "dump.rdb", SaveRules.NONE, true, true, true, "appendonly.aof",
                "appendonlydir", fsync, true, 0, 64L << 20);
    }

    static PersistSettings rdb(Path dir) {
        return new PersistSettings(dir, "dump.rdb", SaveRules.NONE, true, true, false, "appendonly.aof",
                "appendonlydir", AppendOnlyFile.Fsync.EVERYSEC, true, 0, 64L << 20);
    }

    static KvPersistServer start(PersistSettings settings, Model model) throws Exception {
        KvService service = new KvService(KvSettings.DEFAULTS, settings);
        Server server = Server.start(ServerSettings.defaults(0, model).withBindAddress("127.0.0.1"), service,
                new ServerStats());
        service.state().tcpPort(server.localAddress().getPort());
        return new KvPersistServer(service, server);
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    Jedis jedis() {
        InetSocketAddress a = address();
        return new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().timeoutMillis(10_000).build());
    }

    @Override
    public void close() {
        server.close();
        service.shutdown();
    }
}
