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
 * The peer the echo benchmark compares wharf against: Netty's echo server on the native epoll transport,
 * with ONE event loop doing both accept and I/O (the same shape as wharf's {@code event} model).
 *
 * <p>Usage: {@code NettyEchoServer <port>}; prints {@code READY <port>} once bound and runs until killed.
 */
public final class NettyEchoServer {

    private NettyEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: NettyEchoServer <port>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        if (!Epoll.isAvailable()) {
            System.err.println("netty: native epoll transport unavailable: " + Epoll.unavailabilityCause());
            System.exit(1);
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> loop.shutdownGracefully().syncUninterruptibly()));
        Channel server = new ServerBootstrap()
                .group(loop, loop)
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
