/**
 * TLS as a connection layer ({@link io.wharf.core.tls.TlsLayer}), after Jetty's {@code SslConnection} between
 * two {@code EndPoint}s and Netty's {@code SslHandler} in a pipeline: a {@link io.wharf.core.tls.TlsHandler} that
 * the engine sees (ciphertext in) wrapping the protocol's handler, and a {@link io.wharf.core.tls.TlsConnection}
 * that the protocol sees (plaintext out). Being only a handler and a connection, it runs unchanged under every
 * model; under {@code process} it wraps the relay in the accepting process, under {@code prefork} each worker
 * terminates TLS.
 *
 * <h2>The contract between the two sides</h2>
 * <ul>
 * <li><b>Who calls what, on which thread.</b> The engine calls the {@code TlsHandler} on the outer connection's
 * handler thread (its event loop, or its own thread under the blocking models); the layer calls the protocol's
 * handler on that same thread only, in the order the {@link io.wharf.core.spi.Handler} SPI promises:
 * {@code onOpen} once the handshake is done (so a banner is encrypted, and ALPN and the client certificate are
 * known), {@code onData} with plaintext, {@code onWritabilityChanged}, {@code onInputEnded} (a
 * {@code close_notify} or the end of the stream) at most once, and {@code onClose} only if {@code onOpen} was
 * called. Writes come from any thread.</li>
 * <li><b>Input and demand.</b> Ciphertext is always taken whole from the outer connection and unwrapped record by
 * record into a plaintext buffer handed to the protocol. While the protocol holds reading back (it
 * {@code pauseReading}s, the connection is not {@code writable}, or an {@code offload} is out) the layer
 * unwraps nothing more, keeps what the protocol left (plaintext) and what has not been unwrapped (ciphertext),
 * and pauses the outer connection, so the kernel's receive window pushes back on the client as it does over
 * plain TCP: at most a read's worth is kept on either side. Kept input is delivered first, once nothing holds
 * reading back: at the end of the callback in which the protocol resumed, when writability returns, or when an
 * offloaded result has been handed over. (A resume from a thread other than the handler's reopens the outer
 * connection; kept plaintext then goes ahead of the next bytes that arrive.)</li>
 * <li><b>Buffers.</b> The engine gets heap or direct buffers as it prefers ({@link io.wharf.core.tls.TlsBuffers}),
 * kept per thread: a connection holds none between requests. While the protocol corks, small writes are held
 * and sealed together (one record for a head and a small body).</li>
 * <li><b>Output and back-pressure.</b> The protocol's writes are sealed into records in call order and written
 * to the outer connection, whose outbox, watermarks, {@code max_outbox} and {@code write_timeout} bound the
 * ciphertext exactly as they bound plaintext; {@code writable} and {@code onWritabilityChanged} are the outer
 * connection's, passed through. A writer never waits for another writer's socket write
 * ({@link io.wharf.core.tls.TlsOutput}).</li>
 * <li><b>Files.</b> There is no kernel TLS in the JDK: {@code sendFile} reads the file in 64 KiB chunks and
 * seals them, only while the outer connection is writable, carrying on when it drains; writes made meanwhile
 * wait behind the file (bounded by {@code max_outbox}).</li>
 * <li><b>Offload and deadlines.</b> {@code offload} goes to the outer connection (the reactor's workers), and
 * its result comes back through the layer, which then delivers kept input. {@code deadline} is the outer
 * connection's: the layer uses it for {@code tls_handshake_timeout}, so a client stalling mid-handshake holds
 * no thread under {@code event}/{@code reactor}, and clears it when the handshake is done, before the protocol
 * sets its own.</li>
 * <li><b>Close.</b> {@code close} sends everything written (files too), then {@code close_notify}, then closes
 * the outer connection, which bounds it all by {@code write_timeout}; {@code abort} drops everything at once.
 * {@code shutdownOutput} is a half-close: everything written, {@code close_notify}, then the outer connection's
 * FIN; input is still unwrapped and handed on (TLS 1.3 lets the peer go on sending, RFC 8446 6.1), until the
 * peer's {@code close_notify} or the engine ends it.
 * A failed handshake sends the engine's alert, is counted by kind ({@link io.wharf.core.tls.TlsFailures}) and
 * logged once a minute per kind.</li>
 * <li><b>Busy replies and plain text.</b> A busy reply written by the protocol's service after the connection
 * is established (the {@code process} model's {@code max_children}) goes through the layer like any write. A
 * client refused at the door ({@code max_connections}) is closed at once, as nginx closes one past
 * {@code worker_connections}: a reply it could read would cost a full handshake and the slot for up to
 * {@code tls_handshake_timeout}, spent when the server is fullest, which a flood of handshakes would exploit.
 * The first record is judged before the engine sees it ({@link io.wharf.core.tls.ClientHello}), so both engines
 * refuse alike: an ALPN offer of none of the protocol's names gets {@code no_application_protocol}. Plain text
 * sent to the TLS port gets the protocol's own answer
 * ({@link io.wharf.core.spi.ProtocolService#plainTextOnTlsReply}: HTTP's 400), as plain bytes, then the close.</li>
 * </ul>
 */
package io.wharf.core.tls;
