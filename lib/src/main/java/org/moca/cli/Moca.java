package org.moca.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The workbench's command line: {@code moca simulate | compare | reproduce | continual | bench}.
 *
 * <p>Every failure ends in one line on standard error, {@code moca: <what>}, and an exit code: 2 for an input error
 * (a bad argument or a bad input file, located as file:line:key where there is a file), 1 for an environment fault (an
 * output folder that cannot be written, a full disk, an unreadable file) or an internal error. A stack trace is printed
 * only with {@code --verbose}. An interrupt (Ctrl-C) says what was kept and how to resume.
 */
@Command(
        name = "moca",
        mixinStandardHelpOptions = true,
        version = "MOCA Workbench 0.1.0",
        description = "Meta-Optimized Continual Adaptation for circular supply chains: simulate, compare, benchmark.",
        subcommands = {
            ReproduceCommand.class,
            ContinualCommand.class,
            SimulateCommand.class,
            CompareCommand.class,
            BenchCommand.class,
            ReportCommand.class
        })
public final class Moca implements Callable<Integer> {

    /** Exit code for a bad argument or bad input file. */
    public static final int USAGE = 2;

    /** Exit code for an environment fault (an unwritable output, a full disk) or an internal error. */
    public static final int FAULT = 1;

    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "print the stack trace of an error (after its one-line message)")
    boolean verbose;

    /**
     * What an interrupt of the running command leaves behind and how to go on, printed by the shutdown hook of
     * {@link #main} if the command has not finished; set by each command when it starts its work.
     */
    static volatile String interruptHint;

    /** Whether the command ran to its end (then the shutdown hook stays silent). */
    private static volatile boolean finished;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return USAGE;
    }

    /** Builds the command line with the workbench's error handling. */
    public static CommandLine commandLine() {
        Moca root = new Moca();
        CommandLine cl = new CommandLine(root);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("moca: " + ex.getMessage() + " (see --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            int code;
            if (ex instanceof IllegalArgumentException) {
                err.println("moca: " + oneLine(ex.getMessage()));
                code = USAGE;
            } else if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                // an UncheckedIOException says what was being done ("reading x.csv"), its cause why it failed
                String what = ex instanceof java.io.UncheckedIOException u && u.getCause() != null
                        ? u.getMessage() + ": " + Outputs.reason(u.getCause())
                        : Outputs.reason(ex);
                err.println("moca: " + oneLine(what) + " (an environment fault, not your input)");
                code = FAULT;
            } else {
                err.println("moca: internal error: " + oneLine(String.valueOf(ex))
                        + (root.verbose ? "" : " (run with --verbose for the stack trace)"));
                code = FAULT;
            }
            if (root.verbose) ex.printStackTrace(err);
            err.flush();
            return code;
        });
        return cl;
    }

    /** A message on one line: a multi-line one (a parser's excerpt) joined, so that every error is one line. */
    static String oneLine(String message) {
        if (message == null) return "(no message)";
        return message.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .collect(java.util.stream.Collectors.joining(" "));
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(Moca::onInterrupt, "moca-interrupt"));
        int code = commandLine().execute(args);
        finished = true;
        System.exit(code);
    }

    /** The shutdown hook: an interrupted command (Ctrl-C, kill) says what it kept and how to resume. */
    private static void onInterrupt() {
        if (finished) return;
        String hint = interruptHint;
        System.err.println();
        System.err.println("moca: interrupted" + (hint == null ? "." : "; " + hint));
        System.err.flush();
    }
}
