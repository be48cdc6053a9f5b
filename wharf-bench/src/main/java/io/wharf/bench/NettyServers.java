package io.wharf.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

/**
 * What the Netty peers of the benchmarks share: {@code <port> [loops]} read from the command line, the native
 * epoll transport, one group of event loops doing both accept and I/O (one loop is the shape of wharf's
 * {@code event}; N loops, connections spread round-robin over them, the {@code reactor}'s), TCP_NODELAY, and
 * {@code READY <port>} printed once bound. Runs until the process is killed.
 *
 * <p>Threading: {@link #serve} blocks the main thread; the handlers run on the loops.
 */
final class NettyServers {

    private NettyServers() {
    }

    /** Serves {@code childHandler} (shared, or an initializer) on the port the arguments name; exits on bad usage. */
    static void serve(String name, String[] args, ChannelHandler childHandler) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: " + name + " <port> [loops]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int loops = args.length == 2 ? Integer.parseInt(args[1]) : 1;
        if (loops < 1) {
            System.err.println("netty: loops must be at least 1, got " + loops);
            System.exit(2);
        }
        if (!Epoll.isAvailable()) {
            System.err.println("netty: native epoll transport unavailable: " + Epoll.unavailabilityCause());
            System.exit(1);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> group.shutdownGracefully().syncUninterruptibly()));
        Channel server = new ServerBootstrap()
                .group(group, group)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(childHandler)
                .bind(port).sync().channel();
        System.out.println("READY " + port);
        System.out.flush();
        server.closeFuture().sync();
    }
}
