package io.wharf.kv.store;

import java.util.Arrays;

/**
 * A list's elements in a growable ring buffer: O(1) push and pop at both ends and O(1) access by index;
 * inserting or removing in the middle shifts the elements after it. Threading: guarded by the key space's lock.
 */
public final class ListValue {

    private byte[][] elements = new byte[8][];
    private int head;
    private int size;
    /** Sum of the elements' lengths, kept by every change, for the memory estimate ({@link MemoryEstimate}). */
    private long elementBytes;

    public int size() {
        return size;
    }

    public byte[] get(int index) {
        return elements[(head + index) & (elements.length - 1)];
    }

    public void set(int index, byte[] value) {
        int i = (head + index) & (elements.length - 1);
        byte[] old = elements[i];
        elementBytes += value.length - (old == null ? 0 : old.length);
        elements[i] = value;
    }

    public void addFirst(byte[] value) {
        grow();
        head = (head - 1) & (elements.length - 1);
        elements[head] = value;
        elementBytes += value.length;
        size++;
    }

    public void addLast(byte[] value) {
        grow();
        elements[(head + size) & (elements.length - 1)] = value;
        elementBytes += value.length;
        size++;
    }

    public byte[] removeFirst() {
        byte[] v = elements[head];
        elements[head] = null;
        head = (head + 1) & (elements.length - 1);
        size--;
        elementBytes -= v.length;
        return v;
    }

    public byte[] removeLast() {
        int i = (head + size - 1) & (elements.length - 1);
        byte[] v = elements[i];
        elements[i] = null;
        size--;
        elementBytes -= v.length;
        return v;
    }

    /** The elements' lengths summed. */
    long elementBytes() {
        return elementBytes;
    }

    /** Slots of the ring buffer (the array's length). */
    int capacity() {
        return elements.length;
    }

    /** Inserts {@code value} so that it is at {@code index} afterwards ({@code 0..size}). */
    public void insert(int index, byte[] value) {
        addLast(value);
        for (int i = size - 1; i > index; i--) {
            set(i, get(i - 1));
        }
        set(index, value);
    }

    public void remove(int index) {
        for (int i = index; i < size - 1; i++) {
            set(i, get(i + 1));
        }
        removeLast();
    }

    /** Keeps elements {@code [from, to)} only. */
    public void trim(int from, int to) {
        byte[][] kept = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, to - from)) * 2)][];
        for (int i = from; i < to; i++) {
            kept[i - from] = get(i);
        }
        elements = kept;
        head = 0;
        size = to - from;
        elementBytes = 0;
        for (int i = 0; i < size; i++) {
            elementBytes += kept[i].length;
        }
    }

    /** A copy that shares no state with this one (element bytes are never changed in place). */
    public ListValue copy() {
        ListValue c = new ListValue();
        c.elements = elements.clone();
        c.head = head;
        c.size = size;
        c.elementBytes = elementBytes;
        return c;
    }

    public boolean equalsAt(int index, byte[] value) {
        return Arrays.equals(get(index), value);
    }

    private void grow() {
        if (size < elements.length) {
            return;
        }
        byte[][] bigger = new byte[elements.length * 2][];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        elements = bigger;
        head = 0;
    }
}
