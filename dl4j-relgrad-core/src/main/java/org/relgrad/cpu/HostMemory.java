package org.relgrad.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Direct access to the host memory of ND4J arrays on the CPU backend, for the fused kernels: raw pointers for BLAS and
 * chunked bulk copies to and from {@code double[]} for element-wise loops.
 *
 * <p>Element-by-element access to a direct NIO buffer costs about 16 ns here; bulk copies of a few thousand elements
 * into a heap array, a JIT-compiled loop over it and a bulk copy back cost under 1 ns per element, so every loop in
 * the fused path goes through {@link #read} and {@link #write}.
 */
public final class HostMemory {
    /** Elements per chunk of the element-wise loops: three chunks of doubles stay in a 96 KiB L1+L2 slice. */
    public static final int CHUNK = 2048;

    /** Per-thread chunk arrays, so the element-wise loops allocate nothing per call. */
    private static final ThreadLocal<double[][]> DOUBLE_CHUNKS = ThreadLocal.withInitial(() -> new double[4][CHUNK]);
    private static final ThreadLocal<float[]> FLOAT_STAGING = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private HostMemory() {
    }

    /**
     * This thread's chunk array number {@code slot} (0 to 3), CHUNK doubles long. Callers use distinct slots for
     * arrays that are live at the same time.
     */
    public static double[] chunk(int slot) {
        return DOUBLE_CHUNKS.get()[slot];
    }

    /**
     * True if {@code a} is float or double and its elements are contiguous in memory (element-wise stride 1), so
     * memory order is {@code a.ordering()} and a pointer at element 0 describes it completely.
     */
    public static boolean isDense(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)
                && (a.length() == 1 || a.elementWiseStride() == 1);
    }

    /** True if {@code a} is dense in c order: row i of a [rows, cols] matrix starts at element i·cols. */
    public static boolean isDenseC(INDArray a) {
        return isDense(a) && (a.rank() < 2 || a.ordering() == 'c' || a.rows() == 1);
    }

    /** True if {@code a} is dense in f order: column j of a [rows, cols] matrix starts at element j·rows. */
    public static boolean isDenseF(INDArray a) {
        return isDense(a) && a.rank() == 2 && (a.ordering() == 'f' || a.columns() == 1);
    }

    /** Address of element 0 of {@code a}. A view's DataBuffer already points at the view's first element. */
    public static long address(INDArray a) {
        long extra = a.offset() - a.data().offset();
        return a.data().addressPointer().address() + extra * a.data().getElementSize();
    }

    /**
     * Elements [from, from + n) of the dense float array {@code a} as an NIO buffer (n below 2^29: one NIO buffer
     * holds at most 2 GiB). The window's first element is its address, so any offset works.
     */
    public static FloatBuffer floatWindow(INDArray a, long from, int n) {
        long start = address(a) + 4 * from;
        return new FloatPointer() {
            {
                address = start;
                capacity = n;
                limit = n;
            }
        }.asBuffer();
    }

    /** As {@link #floatWindow} for a dense double array. */
    public static DoubleBuffer doubleWindow(INDArray a, long from, int n) {
        long start = address(a) + 8 * from;
        return new DoublePointer() {
            {
                address = start;
                capacity = n;
                limit = n;
            }
        }.asBuffer();
    }

    /** A float pointer at element 0 of {@code a} (for BLAS). */
    public static FloatPointer floatPointer(INDArray a) {
        long start = address(a);
        long n = a.length();
        // inside the anonymous class "address" is Pointer's field, hence the other local names
        return new FloatPointer() {
            {
                address = start;
                capacity = n;
                limit = n;
            }
        };
    }

    /** A double pointer at element 0 of {@code a} (for BLAS). */
    public static DoublePointer doublePointer(INDArray a) {
        long start = address(a);
        long n = a.length();
        return new DoublePointer() {
            {
                address = start;
                capacity = n;
                limit = n;
            }
        };
    }

    /** Chunked reader/writer of one dense array's elements as doubles; use one per thread. */
    public abstract static class Elements {
        /** Copies elements [from, from + n) into {@code dst[0, n)}. */
        public abstract void read(long from, double[] dst, int n);

        /** Copies {@code src[0, n)} into elements [from, from + n). */
        public abstract void write(long from, double[] src, int n);

        /** Number of elements. */
        public abstract long length();

        /** Writes {@code row[0, n)} into each of the first {@code rows} runs of n elements (a row-major fill). */
        public abstract void fillRows(double[] row, int n, int rows);
    }

    /** Elements of the dense array {@code a} (c or f order; indices follow memory order). */
    public static Elements elements(INDArray a) {
        long n = a.length();
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer fb = floatPointer(a).asBuffer();
            return new FloatElements(fb, n);
        }
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer db = doublePointer(a).asBuffer();
            return new DoubleElements(db, n);
        }
        throw new IllegalArgumentException("Fused kernels support float and double, not " + a.dataType());
    }

    private static final class FloatElements extends Elements {
        private final FloatBuffer buf;
        private final long length;


        /** Staging for the float-double conversion, used only within one call (so one per thread suffices). */
        private static float[] scratch(int n) {
            float[] tmp = FLOAT_STAGING.get();
            if (tmp.length < n) {
                tmp = new float[n];
                FLOAT_STAGING.set(tmp);
            }
            return tmp;
        }

        FloatElements(FloatBuffer buf, long length) {
            this.buf = buf;
            this.length = length;
        }

        @Override
        public void read(long from, double[] dst, int n) {
            float[] tmp = scratch(n);
            buf.get((int) from, tmp, 0, n);
            for (int i = 0; i < n; i++) {
                dst[i] = tmp[i];
            }
        }

        @Override
        public void write(long from, double[] src, int n) {
            float[] tmp = scratch(n);
            for (int i = 0; i < n; i++) {
                tmp[i] = (float) src[i];
            }
            buf.put((int) from, tmp, 0, n);
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void fillRows(double[] row, int n, int rows) {
            float[] r = new float[n];
            for (int i = 0; i < n; i++) {
                r[i] = (float) row[i];
            }
            for (int k = 0; k < rows; k++) {
                buf.put(k * n, r, 0, n);
            }
        }
    }

    private static final class DoubleElements extends Elements {
        private final DoubleBuffer buf;
        private final long length;

        DoubleElements(DoubleBuffer buf, long length) {
            this.buf = buf;
            this.length = length;
        }

        @Override
        public void read(long from, double[] dst, int n) {
            buf.get((int) from, dst, 0, n);
        }

        @Override
        public void write(long from, double[] src, int n) {
            buf.put((int) from, src, 0, n);
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void fillRows(double[] row, int n, int rows) {
            for (int k = 0; k < rows; k++) {
                buf.put(k * n, row, 0, n);
            }
        }
    }
}
