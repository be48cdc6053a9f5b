package io.wharf.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The peer the WebSocket benchmark compares wharf against: Netty's own WebSocket server (codec-http's
 * {@link WebSocketServerProtocolHandler}, which does the handshake, pings and the close handshake) echoing text
 * and binary messages at {@code /echo}, on the native epoll transport, with one group of event loops as in
 * {@link NettyEchoServer}: one loop is the shape of wharf's {@code event}, N the {@code reactor}'s.
 *
 * <p>Usage: {@code NettyWsServer <port> [loops]}; prints {@code READY <port>} once bound and runs until killed.
 */
public final class NettyWsServer {

    private NettyWsServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: NettyWsServer <port> [loops]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int loops = args.length == 2 ? Integer.parseInt(args[1]) : 1;
        if (!Epoll.isAvailable()) {
            System.err.println("netty: native epoll transport unavailable: " + Epoll.unavailabilityCause());
            System.exit(1);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.max(1, loops), EpollIoHandler.newFactory());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> group.shutdownGracefully().syncUninterruptibly()));
        Echo echo = new Echo();
        Channel server = new ServerBootstrap()
                .group(group, group)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketServerProtocolHandler("/echo", null, false, 1 << 20), echo);
                    }
                })
                .bind(port).sync().channel();
        System.out.println("READY " + port);
        System.out.flush();
        server.closeFuture().sync();
    }

    /** Writes each data frame back (its buffer passed on, not copied), flushing once per read burst. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                ctx.write(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
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
