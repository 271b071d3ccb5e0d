package org.moca.kernel.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.common.Image;
import io.github.spencerpark.jupyter.kernel.display.common.Text;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;

/**
 * Turns a cell's value into a Jupyter MIME bundle.
 *
 * <p>Order: a {@link DisplayData} as is; {@link MimeRenderer}s found on the notebook's class path; images
 * ({@link RenderedImage} as PNG); XChart charts (PNG and SVG); Tablesaw tables (HTML); strings that are an SVG or
 * an HTML document; IJava's {@link DisplayDataRenderable}; otherwise {@code text/plain}. XChart and Tablesaw are
 * recognised by class name and driven by reflection, so the kernel works without them and with whatever version a
 * notebook loads.
 */
public final class Renderers {
    private static final Logger LOG = Logger.getLogger(Renderers.class.getName());
    private static final int DEFAULT_TABLE_ROWS = 50;

    private final Renderer ijava = new Renderer();
    private volatile List<MimeRenderer> plugins = List.of();

    public Renderers() {
        Image.registerAll(ijava);
        Text.registerAll(ijava);
    }

    /** Looks up {@link MimeRenderer}s visible from {@code loader} (after the notebook's class path changed). */
    public void reload(ClassLoader loader) {
        List<MimeRenderer> found = new ArrayList<>();
        try {
            for (MimeRenderer r : ServiceLoader.load(MimeRenderer.class, loader)) {
                found.add(r);
            }
        } catch (ServiceConfigurationError e) {
            LOG.log(Level.WARNING, "a MimeRenderer on the class path could not be loaded", e);
        }
        plugins = List.copyOf(found);
    }

    /** The renderers contributed through the extension point. */
    public List<MimeRenderer> plugins() {
        return plugins;
    }

    /** Renders {@code value} into every MIME type it supports. */
    public DisplayData render(Object value) {
        if (value instanceof DisplayData data) {
            return data;
        }
        for (MimeRenderer r : plugins) {
            if (r.canRender(value)) {
                return bundle(r.render(value), value);
            }
        }
        if (value instanceof RenderedImage image) {
            return bundle(Map.of("image/png", png(image)), value);
        }
        if (isA(value, "org.knowm.xchart.internal.chartpart.Chart")) {
            return bundle(ReflectiveRenderers.xchart(value), value);
        }
        if (isA(value, "tech.tablesaw.table.Relation")) {
            int rows = Integer.getInteger("moca.kernel.table.maxRows", DEFAULT_TABLE_ROWS);
            return bundle(Map.of("text/html", ReflectiveRenderers.tablesawHtml(value, rows)), value);
        }
        if (value instanceof String s) {
            String head = s.stripLeading().toLowerCase(Locale.ROOT);
            if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
                return bundle(Map.of("image/svg+xml", svgFragment(s)), value);
            }
            if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
                return bundle(Map.of("text/html", s), value);
            }
        }
        if (value instanceof DisplayDataRenderable) {
            return ijava.render(value);
        }
        return new DisplayData(plainText(value));
    }

    /** Renders {@code value} and keeps only {@code mimeTypes} (all of them if none are given). */
    public DisplayData render(Object value, String... mimeTypes) {
        DisplayData all = render(value);
        if (mimeTypes.length == 0) {
            return all;
        }
        DisplayData some = new DisplayData();
        for (String type : mimeTypes) {
            Object data = all.getData(MIMEType.parse(type));
            if (data != null) {
                some.putData(type, data);
            }
        }
        return some;
    }

    private static DisplayData bundle(Map<String, String> data, Object value) {
        DisplayData d = new DisplayData();
        data.forEach(d::putData);
        if (!data.containsKey("text/plain")) {
            d.putText(plainText(value));
        }
        return d;
    }

    /** {@code text/plain} of a value: arrays element by element, everything else through {@code toString}. */
    public static String plainText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            if (value instanceof Object[] array) {
                return Arrays.deepToString(array);
            }
            StringBuilder s = new StringBuilder("[");
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                s.append(i == 0 ? "" : ", ").append(Array.get(value, i));
            }
            return s.append(']').toString();
        }
        return String.valueOf(value);
    }

    /** Base64 PNG of an image. */
    public static String png(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Whether {@code value}'s class is or extends the class named {@code className} (by name, any loader). */
    static boolean isA(Object value, String className) {
        for (Class<?> c = value == null ? null : value.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An SVG document as the fragment Jupyter embeds: without a leading XML declaration. nbconvert's HTML export
     * parses SVG output as a Unicode string and rejects one that declares an encoding; front ends inline it into HTML,
     * where the declaration has no place either.
     */
    public static String svgFragment(String svg) {
        String s = svg.stripLeading();
        if (s.startsWith("<?xml")) {
            int end = s.indexOf("?>");
            if (end >= 0) return s.substring(end + 2).stripLeading();
        }
        return svg;
    }
}
