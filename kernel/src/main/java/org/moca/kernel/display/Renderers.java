package org.moca.kernel.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
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
 * an HTML document; IJava's {@link io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable} and types registered with the base library's renderer; otherwise {@code text/plain}. XChart and Tablesaw are
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
        DisplayData registered = value == null ? null : ijava.render(value);
        if (registered != null && registeredBeyondText(registered)) {
            return registered; // IJava's DisplayDataRenderable, or a type a notebook registered with getRenderer()
        }
        return new DisplayData(plainText(value));
    }

    /**
     * Renders {@code value} as the requested {@code mimeTypes} (IJava's {@code renderAs}): the types this kernel's
     * renderers produce for it, then the base library's renderers for the rest (which, for one, show any
     * {@code CharSequence} as HTML, Markdown, LaTeX, JavaScript, SVG or JSON when asked), always with
     * {@code text/plain}. A type nothing can produce is left out. No types given: every type it supports.
     */
    public DisplayData render(Object value, String... mimeTypes) {
        DisplayData all = render(value);
        if (mimeTypes.length == 0) {
            return all;
        }
        DisplayData some = new DisplayData();
        List<String> missing = new ArrayList<>();
        for (String type : mimeTypes) {
            Object data = all.getData(MIMEType.parse(type));
            if (data != null) {
                some.putData(type, data);
            } else {
                missing.add(type);
            }
        }
        if (!missing.isEmpty()) {
            DisplayData extra = ijava.renderAs(value, missing.toArray(new String[0]));
            for (String type : missing) {
                Object data = extra.getData(MIMEType.parse(type));
                if (data != null) {
                    some.putData(
                            type, "image/svg+xml".equals(type) && data instanceof String svg ? svgFragment(svg) : data);
                }
            }
        }
        if (!some.hasDataForType(MIMEType.TEXT_PLAIN)) {
            some.putText(plainText(value));
        }
        return some;
    }

    /** The base library's renderer, where notebooks register renderers of their own (IJava's {@code getRenderer()}). */
    public Renderer baseRenderer() {
        return ijava;
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

    private static boolean registeredBeyondText(DisplayData d) {
        String json = new com.google.gson.Gson().toJson(d);
        com.google.gson.JsonObject data = new com.google.gson.Gson()
                .fromJson(json, com.google.gson.JsonObject.class)
                .getAsJsonObject("data");
        return data != null && data.keySet().stream().anyMatch(k -> !"text/plain".equals(k));
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
     * An SVG document as the fragment Jupyter embeds: without a leading XML declaration (nbconvert's HTML export
     * parses SVG output as a Unicode string and rejects one that declares an encoding; front ends inline it into
     * HTML, where the declaration has no place either), and never wider than the notebook. Inline (a trusted
     * notebook, nbconvert's HTML) the root's {@code style="max-width:100%;height:auto"} caps it; JupyterLab draws an
     * untrusted SVG as an {@code <img>}, which no CSS of JupyterLab caps and which takes the SVG's own width, so an
     * SVG wider than {@value #FIXED_SVG_WIDTH} px gets {@code width="100%"} (and no height: the {@code viewBox},
     * added from the old width and height if missing, keeps its proportions). A 1,545-pixel network diagram thus
     * scales to the output area instead of scrolling sideways; smaller figures keep their size.
     */
    public static String svgFragment(String svg) {
        String s = svg.stripLeading();
        if (s.startsWith("<?xml")) {
            int end = s.indexOf("?>");
            if (end >= 0) {
                s = s.substring(end + 2).stripLeading();
            }
        }
        java.util.regex.Matcher root = SVG_ROOT.matcher(s);
        if (!root.find()) {
            return s;
        }
        String tag = root.group();
        String sized = tag;
        String w = attribute(tag, "width");
        String h = attribute(tag, "height");
        boolean numeric = w != null && h != null && w.matches("[0-9.]+(px)?") && h.matches("[0-9.]+(px)?");
        if (numeric && !tag.contains("viewBox")) {
            sized = sized.replaceFirst(
                    "<svg", "<svg viewBox=\"0 0 " + w.replace("px", "") + " " + h.replace("px", "") + "\"");
        }
        if (numeric && Double.parseDouble(w.replace("px", "")) > FIXED_SVG_WIDTH) {
            sized = sized.replaceFirst("\\swidth\\s*=\\s*[\"'][^\"']*[\"']", " width=\"100%\"")
                    .replaceFirst("\\sheight\\s*=\\s*[\"'][^\"']*[\"']", "");
        }
        String style = attribute(sized, "style");
        if (style == null) {
            sized = sized.replaceFirst("<svg", "<svg style=\"max-width:100%;height:auto\"");
        } else if (!style.contains("max-width")) {
            sized = sized.replace("style=\"" + style + "\"", "style=\"max-width:100%;height:auto;" + style + "\"");
        }
        return s.substring(0, root.start()) + sized + s.substring(root.end());
    }

    /** SVGs up to this width keep their size; wider ones scale to the output area. */
    static final int FIXED_SVG_WIDTH = 600;

    private static final java.util.regex.Pattern SVG_ROOT = java.util.regex.Pattern.compile("<svg\\b[^>]*>");

    private static String attribute(String tag, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s" + name + "\\s*=\\s*[\"']([^\"']*)[\"']")
                .matcher(tag);
        return m.find() ? m.group(1) : null;
    }
}
