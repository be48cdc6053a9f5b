package io.wharf.bench;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The peer the WebSocket benchmark compares wharf against: Netty's own WebSocket server (codec-http's
 * {@link WebSocketServerProtocolHandler}, which does the handshake, pings and the close handshake) echoing text
 * and binary messages at {@code /echo}, bootstrapped as {@link NettyServers} does for every Netty peer (native
 * epoll, one group of N loops: one loop is the shape of wharf's {@code event}, N the {@code reactor}'s).
 *
 * <p>Usage: {@code NettyWsServer <port> [loops]}; prints {@code READY <port>} once bound and runs until killed.
 */
public final class NettyWsServer {

    private NettyWsServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Echo echo = new Echo();
        NettyServers.serve("NettyWsServer", args, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                        new WebSocketServerProtocolHandler("/echo", null, false, 1 << 20), echo);
            }
        });
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
