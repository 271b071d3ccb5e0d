package org.moca.kernel.magic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The code cells of a Jupyter notebook file (nbformat 4), for {@code %load notebook.ipynb}. */
final class NotebookCells {
    private NotebookCells() {}

    /** Each code cell's source, in order; markdown and raw cells are skipped. */
    static List<String> codeCells(Path notebook) throws IOException {
        JsonObject root;
        try {
            JsonElement e = new com.google.gson.Gson()
                    .fromJson(Files.readString(notebook, StandardCharsets.UTF_8), JsonElement.class);
            if (!e.isJsonObject() || !e.getAsJsonObject().has("cells")) {
                throw new IllegalArgumentException("not a Jupyter notebook (no \"cells\")");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        List<String> cells = new ArrayList<>();
        for (JsonElement c : root.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            JsonElement source = cell.get("source");
            if (source == null) {
                continue;
            }
            if (source.isJsonArray()) {
                StringBuilder text = new StringBuilder();
                for (JsonElement line : (JsonArray) source) {
                    text.append(line.getAsString());
                }
                cells.add(text.toString());
            } else {
                cells.add(source.getAsString());
            }
        }
        return cells;
    }
}
