package io.wharf.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

/**
 * The peer the echo benchmark compares wharf against: Netty's echo server on the native epoll transport, with
 * one group of event loops doing both accept and I/O. One loop (the default) is the shape of wharf's {@code event}
 * model; N loops, the accepting one among them and connections spread round-robin over all N, the shape of the
 * {@code reactor}'s N loops.
 *
 * <p>Usage: {@code NettyEchoServer <port> [loops]}; prints {@code READY <port>} once bound and runs until killed.
 */
public final class NettyEchoServer {

    private NettyEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: NettyEchoServer <port> [loops]");
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
                .childHandler(new EchoHandler())
                .bind(port).sync().channel();
        System.out.println("READY " + port);
        System.out.flush();
        server.closeFuture().sync();
    }

    /** Netty's own example handler: write back what is read, flush once per read burst. Stateless, shared. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
