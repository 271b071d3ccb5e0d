package io.github.spencerpark.ijava;

/**
 * IJava's entry point as notebook code sees it: {@code IJava.getKernelInstance()} returns the running kernel, so
 * notebooks written for IJava that register renderers or magics, evaluate code or add to the class path run
 * unchanged on the MOCA kernel. This is an API-compatible facade, not IJava itself.
 */
public final class IJava {
    private static volatile JavaKernel kernel;

    private IJava() {}

    /** The running kernel, or {@code null} outside a kernel (IJava's contract). */
    public static JavaKernel getKernelInstance() {
        return kernel;
    }

    /** Kernel-internal: set once when the kernel starts. */
    public static void install(JavaKernel instance) {
        kernel = instance;
    }
}
