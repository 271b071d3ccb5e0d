package org.moca.kernel.eval;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Manifest;

/**
 * The class loader of everything a notebook runs: JShell's generated wrapper classes (defined from the bytecode
 * JShell hands over) and the jars and directories added with {@code %jars}, {@code %classpath} and {@code %maven}.
 *
 * <p>Parent-first over the kernel's own class path, which holds nothing a notebook could clash with: the kernel's
 * Gson, JeroMQ, ASM and Maven Resolver are relocated in its shaded jar, so a notebook's own versions load from
 * here. Every class it defines passes through the {@link CellInstrumenter} (interrupt polls, no
 * {@code System.exit}); a jar's classes keep their code source (the jar's location) and package manifest.
 */
final class ShellClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final CellInstrumenter cells;
    private final CellInstrumenter libraries;

    /**
     * @param parent    the kernel's class loader
     * @param cells     rewrites JShell's wrapper classes
     * @param libraries rewrites classes from added jars and directories
     */
    ShellClassLoader(ClassLoader parent, CellInstrumenter cells, CellInstrumenter libraries) {
        super("moca-notebook", new URL[0], parent);
        this.cells = cells;
        this.libraries = libraries;
    }

    /** Remembers the bytecode of a JShell wrapper class; it is defined when first loaded. */
    void declare(String binaryName, byte[] bytecode) {
        declared.put(binaryName, bytecode);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytecode = declared.get(name);
        if (bytecode != null) {
            byte[] woven = cells.instrument(name, bytecode);
            return defineClass(name, woven, 0, woven.length);
        }
        String path = name.replace('.', '/') + ".class";
        URL url = findResource(path);
        if (url == null) {
            throw new ClassNotFoundException(name);
        }
        try {
            URLConnection connection = url.openConnection();
            byte[] original;
            try (InputStream in = connection.getInputStream()) {
                original = in.readAllBytes();
            }
            URL location = codeLocation(url, path);
            definePackageOf(name, connection, location);
            byte[] woven = libraries.instrument(name, original);
            return defineClass(name, woven, 0, woven.length, new CodeSource(location, (CodeSigner[]) null));
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read " + url + ": " + e.getMessage(), e);
        }
    }

    /** The jar ({@code jar:file:/x.jar!/a/B.class} gives {@code file:/x.jar}) or directory a class file is in. */
    static URL codeLocation(URL resource, String path) throws MalformedURLException {
        String s = resource.toString();
        if (s.startsWith("jar:")) {
            int bang = s.lastIndexOf("!/");
            return new URL(s.substring("jar:".length(), bang));
        }
        return new URL(s.substring(0, s.length() - path.length()));
    }

    private void definePackageOf(String className, URLConnection connection, URL location) throws IOException {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        if (getDefinedPackage(pkg) != null) {
            return;
        }
        Manifest manifest = connection instanceof JarURLConnection jar ? jar.getManifest() : null;
        try {
            if (manifest != null) {
                definePackage(pkg, manifest, location);
            } else {
                definePackage(pkg, null, null, null, null, null, null, null);
            }
        } catch (IllegalArgumentException alreadyDefinedByAnotherThread) {
            // parallel-capable: another thread defined it first, which is fine
        }
    }

    @Override
    public void addURL(URL url) {
        super.addURL(url);
    }
}
