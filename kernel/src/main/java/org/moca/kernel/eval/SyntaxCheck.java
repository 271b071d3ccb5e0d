package org.moca.kernel.eval;

import com.sun.source.util.JavacTask;
import java.net.URI;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Whether a JShell snippet is syntactically valid Java: javac's parser (no attribution, so unknown names are
 * fine) tried on the snippet as a compilation unit (imports, classes), as a class member (methods, fields), as
 * statements in a method body, and as an expression. Used by {@code is_complete}; one parse costs about a
 * millisecond once javac is warm.
 */
final class SyntaxCheck {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private SyntaxCheck() {}

    /** Whether {@code snippet} parses in one of the places JShell can put it. */
    static boolean parses(String snippet) {
        if (JAVAC == null) {
            return true; // a JRE without javac cannot run JShell either; do not claim "invalid"
        }
        return clean(snippet)
                || clean("class $Cell {\n" + snippet + "\n}")
                || clean("class $Cell { void $m() throws Throwable {\n" + snippet + "\n;} }")
                || clean("class $Cell { Object $v = (\n" + snippet + "\n); }");
    }

    private static boolean clean(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Cell.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
        try {
            task.parse();
        } catch (java.io.IOException e) {
            return false;
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }
}
