package dev.cdcflow.batch.read;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Stops the CSV parser from reading without end into one row. A quote that is never closed makes the rest of the
 * file one field, which the parser would otherwise hold in memory whole (a gigabyte file, a gigabyte of heap): the
 * guard fails the read once the row being parsed has grown past its limit, counted from where that row started.
 */
final class RowSizeGuard extends FilterReader {

    /** The parser reads ahead a buffer at a time, so what it took may reach this far past the row. */
    private static final int LOOK_AHEAD = 64 * 1024;

    private final long maxRowChars;
    private long charsRead;
    private long rowStart;
    /** The row being read; the header, row 0, first. */
    private long rowNumber;

    RowSizeGuard(Reader in, long maxRowChars) {
        super(in);
        this.maxRowChars = maxRowChars;
    }

    /** The row numbered {@code number} (the header is row 0) starts at character {@code position}. */
    void rowStarts(long number, long position) {
        rowNumber = number;
        rowStart = position;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws IOException {
        charsRead += n;
        if (charsRead - rowStart > maxRowChars + LOOK_AHEAD) {
            throw new RowTooLongException(rowNumber, maxRowChars);
        }
    }

    /** The row being read is longer than the limit; the message says which row and how to get past it. */
    static final class RowTooLongException extends IOException {
        RowTooLongException(long rowNumber, long maxRowChars) {
            super((rowNumber == 0 ? "the header" : "row " + rowNumber) + " runs past " + maxRowChars
                    + " characters (a quote never closed, or a file that is not CSV); a longer row needs a larger "
                    + "max.row.chars");
        }
    }
}
