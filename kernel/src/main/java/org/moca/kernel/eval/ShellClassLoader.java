package org.moca.kernel.eval;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader of everything a notebook runs: JShell's generated wrapper classes (defined from the bytecode
 * JShell hands over) and the jars and directories added with {@code %jars}, {@code %classpath} and {@code %maven}.
 *
 * <p>Parent-first over the kernel's own class path, which holds nothing a notebook could clash with: the kernel's
 * Gson and JeroMQ are relocated in its shaded jar, so a notebook's own versions load from here.
 */
final class ShellClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

    ShellClassLoader(ClassLoader parent) {
        super("moca-notebook", new URL[0], parent);
    }

    /** Remembers the bytecode of a JShell wrapper class; it is defined when first loaded. */
    void declare(String binaryName, byte[] bytecode) {
        declared.put(binaryName, bytecode);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytecode = declared.get(name);
        if (bytecode != null) {
            return defineClass(name, bytecode, 0, bytecode.length);
        }
        return super.findClass(name);
    }

    @Override
    public void addURL(URL url) {
        super.addURL(url);
    }
}
