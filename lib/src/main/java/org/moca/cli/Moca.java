package org.moca.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The workbench's command line: {@code moca simulate | bench ...}. Bad arguments get a one-line error and exit code 2.
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
            BenchCommand.class
        })
public final class Moca implements Callable<Integer> {

    /** Exit code for a bad argument or bad input file. */
    public static final int USAGE = 2;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return USAGE;
    }

    /** Builds the command line with the workbench's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Moca());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("moca: " + ex.getMessage() + " (see --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException
                    || ex instanceof java.io.UncheckedIOException
                    || ex instanceof org.moca.infra.ConfigException) {
                commandLine.getErr().println("moca: " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
