package org.moca.spark;

/** What Spark 3.5 needs from the JVM it runs in, checked before a context starts so that a failure names its cause. */
final class SparkEnvironment {

    private SparkEnvironment() {}

    /** Spark 3.5 runs on Java 8, 11, 17 and 21; on 24+ Hadoop's login fails (Subject.getSubject is gone). */
    static void check() {
        int feature = Runtime.version().feature();
        if (feature > 21)
            throw new IllegalStateException("the spark engine needs Java 17 (Spark 3.5 runs on Java 8 to 21), this JVM"
                    + " is Java " + feature + " (" + System.getProperty("java.home") + "): set JAVA_HOME to a JDK 17");
        if (!Object.class.getModule().isOpen("sun.nio.ch", SparkEnvironment.class.getModule()))
            throw new IllegalStateException("the spark engine needs the JVM flag --add-opens=java.base/sun.nio.ch="
                    + "ALL-UNNAMED (./moca sets it; spark-submit sets it itself)");
    }
}
