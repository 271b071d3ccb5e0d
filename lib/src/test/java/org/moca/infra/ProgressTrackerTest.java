package org.moca.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rendersALineWithCountPercentRateAndEta() {
        Progress p = new Progress("meta-train", 50, 200, 10 * SECOND);
        assertEquals("meta-train [#####---------------] 50/200  25%  5.00/s  elapsed 0:10  ETA 0:30", p.render(20));
        assertEquals("meta-train 50/200  25%  5.00/s  elapsed 0:10  ETA 0:30", p.render(0));
        assertEquals("x [----] 0/7   0%  0.00/s  elapsed 0:00  ETA --:--", new Progress("x", 0, 7, 0).render(4));
        assertEquals(
                "long 3000/3000 100%  500/s  elapsed 0:06  ETA 0:00",
                new Progress("long", 3000, 3000, 6 * SECOND).render(0));
        assertEquals("1:01:01", Progress.clock(java.time.Duration.ofSeconds(3661)));
    }

    @Test
    void terminalListenerRedrawsInPlaceAndPlainListenerPrintsEveryTenth() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (ProgressTracker bar = new ProgressTracker(
                "t",
                4,
                ProgressTracker.terminal(new PrintStream(terminal, true, StandardCharsets.UTF_8), 4),
                now::get,
                SECOND)) {
            for (int i = 0; i < 4; i++) {
                now.addAndGet(SECOND);
                bar.step();
            }
        }
        String drawn = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\rt [#---] 1/4  25%"), drawn);
        assertTrue(drawn.endsWith("\rt [####] 4/4 100%  1.00/s  elapsed 0:04  ETA 0:00\n"), drawn);
        assertEquals(5, drawn.chars().filter(c -> c == '\r').count(), "4 steps + the final draw");

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (ProgressTracker bar = new ProgressTracker(
                "p",
                100,
                ProgressTracker.everyTenth(new PrintStream(plain, true, StandardCharsets.UTF_8)),
                now::get,
                0)) {
            for (int i = 0; i < 100; i++) {
                now.addAndGet(SECOND / 10);
                bar.step();
            }
        }
        List<String> lines = plain.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(10, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("p 10/100  10%"), lines.get(0));
        assertTrue(lines.get(9).startsWith("p 100/100 100%"), lines.get(9));
    }

    @Test
    void throttlesNotificationsButAlwaysShowsTheEnd() {
        AtomicLong now = new AtomicLong();
        List<Progress> seen = new ArrayList<>();
        ProgressListener listener = seen::add;
        ProgressTracker bar = new ProgressTracker("x", 1000, listener, now::get, SECOND);
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(SECOND / 100); // 10 ms per step: at most one notice per 100 steps
            bar.step();
        }
        bar.close();
        bar.close();
        assertTrue(seen.size() <= 12, "notices: " + seen.size());
        assertEquals(1000, seen.get(seen.size() - 1).done());
    }

    @Test
    void concurrentStepsAreAllCountedAndNoticesNeverGoBack() throws InterruptedException {
        List<Long> notices = Collections.synchronizedList(new ArrayList<>());
        ProgressTracker bar = new ProgressTracker("par", 40_000, p -> notices.add(p.done()), System::nanoTime, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++)
            workers.add(pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) bar.step();
            }));
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        for (var w : workers) assertTrue(w.isDone());
        bar.close();
        assertEquals(40_000, bar.done());
        for (int i = 1; i < notices.size(); i++) assertTrue(notices.get(i) >= notices.get(i - 1), "count went back");
        assertEquals(40_000L, notices.get(notices.size() - 1));
    }
}
