package io.wharf.load;

import static io.wharf.load.HttpBytes.control;
import static io.wharf.load.HttpBytes.digit;
import static io.wharf.load.HttpBytes.lower;
import static io.wharf.load.HttpBytes.tchar;

import java.nio.charset.StandardCharsets;

/**
 * The header fields of one response head that decide its framing: Content-Length, Transfer-Encoding and
 * Connection. {@link HttpResponseParser}'s state machine hands it the bytes of each field name and value; it
 * recognises the three names, checks and keeps their values, and skips every other field. It allocates nothing.
 *
 * <p>Threading: owned by one parser, so one load thread; {@link #reset} at the start of each head.
 */
final class HttpFraming {

    /** The header fields that matter for framing. */
    private enum Field { OTHER, CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);

    private final byte[] name = new byte[24];
    private final byte[] value = new byte[48];
    private int nameLength;
    private boolean nameTooLong;
    private Field field;
    private int valueLength;
    private boolean valueDigits;
    private boolean valueEnded;
    private long fieldLength;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private boolean keepAlive;

    void reset() {
        contentLength = -1;
        chunked = false;
        close = false;
        keepAlive = false;
    }

    /** The Content-Length the head gave, -1 without one. */
    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    /** A Connection field said close (or the body runs until the close, see {@link #closeAtEnd}). */
    boolean close() {
        return close;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** The body ends when the server closes the connection: the connection cannot be reused. */
    void closeAtEnd() {
        close = true;
    }

    /** A field name begins. */
    void startName() {
        nameLength = 0;
        nameTooLong = false;
    }

    /** One byte of a field name (not its colon); false when it cannot be in a token. */
    boolean nameByte(byte b) {
        if (!tchar(b)) {
            return false;
        }
        if (nameLength < name.length) {
            name[nameLength++] = lower(b);
        } else {
            nameTooLong = true;
        }
        return true;
    }

    /** The colon after a name: its value begins; false for an empty name. */
    boolean endName() {
        if (nameLength == 0) {
            return false;
        }
        field = nameTooLong ? Field.OTHER : field();
        valueLength = 0;
        valueDigits = false;
        valueEnded = false;
        fieldLength = 0;
        return true;
    }

    /** One byte of a value after the leading white space (not its CR); false on a syntax error. */
    boolean valueByte(byte b) {
        if (control(b) && b != '\t') {
            return false;
        }
        switch (field) {
            case CONTENT_LENGTH -> {
                if (digit(b) && !valueEnded) {
                    if (fieldLength > (Long.MAX_VALUE - 9) / 10) {
                        return false;
                    }
                    fieldLength = fieldLength * 10 + (b - '0');
                    valueDigits = true;
                } else if ((b == ' ' || b == '\t') && valueDigits) {
                    valueEnded = true;
                } else {
                    return false;
                }
            }
            case TRANSFER_ENCODING, CONNECTION -> {
                if (valueLength < value.length) {
                    value[valueLength++] = lower(b);
                }
            }
            case OTHER -> { }
        }
        return true;
    }

    /** The CR after a value: the field is complete; false for a bad or conflicting Content-Length. */
    boolean endValue() {
        switch (field) {
            case CONTENT_LENGTH -> {
                if (!valueDigits || (contentLength >= 0 && contentLength != fieldLength)) {
                    return false;
                }
                contentLength = fieldLength;
            }
            case TRANSFER_ENCODING -> chunked = endsWith("chunked");
            case CONNECTION -> {
                close |= contains("close");
                keepAlive |= contains("keep-alive");
            }
            case OTHER -> { }
        }
        return true;
    }

    private Field field() {
        if (same(CONTENT_LENGTH)) {
            return Field.CONTENT_LENGTH;
        }
        if (same(TRANSFER_ENCODING)) {
            return Field.TRANSFER_ENCODING;
        }
        return same(CONNECTION) ? Field.CONNECTION : Field.OTHER;
    }

    private boolean same(byte[] known) {
        if (nameLength != known.length) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (name[i] != known[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWith(String token) {
        int end = valueLength;
        while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == '\t')) {
            end--;
        }
        int start = end - token.length();
        if (start < 0) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (value[start + i] != token.charAt(i)) {
                return false;
            }
        }
        return start == 0 || value[start - 1] == ',' || value[start - 1] == ' ' || value[start - 1] == '\t';
    }

    private boolean contains(String token) {
        outer:
        for (int start = 0; start + token.length() <= valueLength; start++) {
            for (int i = 0; i < token.length(); i++) {
                if (value[start + i] != token.charAt(i)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
