package org.moca.kernel.magic;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The body of a {@code %%loadFromPOM} cell as a POM, the way IJava reads it: a whole {@code <project>} is used as
 * is; otherwise the {@code <dependency>} and {@code <repository>} elements (loose, or inside
 * {@code <dependencies>}/{@code <repositories>}), and any {@code <properties>} and {@code <dependencyManagement>},
 * are put into a POM with default coordinates — so a fragment copied from a library's README just works.
 */
public final class PomFragments {
    private PomFragments() {}

    /** The POM text for {@code body}. */
    public static String pom(String body) {
        String trimmed = body.strip();
        if (trimmed.startsWith("<?xml")) {
            trimmed = trimmed.substring(trimmed.indexOf("?>") + 2).strip();
        }
        if (trimmed.startsWith("<project")) {
            return trimmed;
        }
        Document fragments = parse("<fragments>" + trimmed + "</fragments>");
        List<Element> dependencies = new ArrayList<>();
        List<Element> repositories = new ArrayList<>();
        List<Element> other = new ArrayList<>();
        NodeList children = fragments.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) {
                continue;
            }
            switch (e.getTagName()) {
                case "dependency" -> dependencies.add(e);
                case "repository" -> repositories.add(e);
                case "dependencies" -> dependencies.addAll(childElements(e, "dependency"));
                case "repositories" -> repositories.addAll(childElements(e, "repository"));
                case "properties", "dependencyManagement" -> other.add(e);
                case "modelVersion", "groupId", "artifactId", "version", "packaging" -> {
                    // replaced by the defaults below: a fragment's own coordinates name nothing to resolve
                }
                default ->
                    throw new IllegalArgumentException("%%loadFromPOM: unexpected <" + e.getTagName() + "> (expected"
                            + " <dependency>, <repository>, their lists, <properties>, <dependencyManagement> or a"
                            + " whole <project>)");
            }
        }
        StringBuilder pom = new StringBuilder();
        pom.append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
                .append("  <modelVersion>4.0.0</modelVersion>\n")
                .append("  <groupId>notebook</groupId>\n  <artifactId>notebook</artifactId>\n")
                .append("  <version>1</version>\n  <packaging>pom</packaging>\n");
        for (Element e : other) {
            pom.append(xml(e)).append('\n');
        }
        if (!repositories.isEmpty()) {
            pom.append("  <repositories>\n");
            repositories.forEach(e -> pom.append(xml(e)).append('\n'));
            pom.append("  </repositories>\n");
        }
        pom.append("  <dependencies>\n");
        dependencies.forEach(e -> pom.append(xml(e)).append('\n'));
        pom.append("  </dependencies>\n</project>\n");
        return pom.toString();
    }

    /** Writes {@link #pom(String)} of {@code body} to a temporary file and returns it (the caller deletes it). */
    static Path write(String body, Path workingDirectory) {
        try {
            Path file = Files.createTempFile("moca-kernel-", ".pom.xml");
            Files.writeString(file, pom(body), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a temporary POM: " + e.getMessage(), e);
        }
    }

    private static List<Element> childElements(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("no XML parser: " + e, e);
        } catch (SAXException e) {
            throw new IllegalArgumentException("%%loadFromPOM: the cell is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static String xml(Node node) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
        }
    }
}
