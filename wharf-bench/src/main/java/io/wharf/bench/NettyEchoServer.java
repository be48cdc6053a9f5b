package io.wharf.bench;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The peer the echo benchmark compares wharf against: Netty's echo server, bootstrapped as {@link NettyServers}
 * does for every Netty peer (native epoll, one group of N loops doing accept and I/O: one loop is the shape of
 * wharf's {@code event}, N the {@code reactor}'s).
 *
 * <p>Usage: {@code NettyEchoServer <port> [loops]}; prints {@code READY <port>} once bound and runs until killed.
 */
public final class NettyEchoServer {

    private NettyEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        NettyServers.serve("NettyEchoServer", args, new EchoHandler());
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
