package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.Objects;

/**
 * The part of IJava's {@code JavaKernel} that notebooks use, served by the MOCA kernel: the base library's
 * {@link Renderer} (register how a type displays), its {@link Magics} registry (register magics), displaying a
 * {@link DisplayData}, evaluating code, and adding to the class path.
 */
public final class JavaKernel {
    /** What the kernel provides behind this facade. */
    public interface Services {
        /** The renderer consulted for values the kernel does not render itself. */
        Renderer renderer();

        /** The registry of notebook-defined magics. */
        Magics magics();

        /** Publishes {@code data} as a display (assigning a display id if it has none). */
        void display(DisplayData data);

        /** Evaluates notebook code; the value of its last expression, or {@code null}. */
        Object eval(String code) throws Exception;

        /** Renders {@code value} as the kernel would show it. */
        DisplayData render(Object value);

        /** Adds class path entries (separated by the platform's path separator). */
        void addToClasspath(String path);
    }

    private final Services services;

    /** @param services the kernel behind the facade */
    public JavaKernel(Services services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    /** The renderer: {@code getRenderer().createRegistration(MyType.class)...register(...)}. */
    public Renderer getRenderer() {
        return services.renderer();
    }

    /** The magics registry: {@code getMagics().registerMagics(new MyMagics())}. */
    public Magics getMagics() {
        return services.magics();
    }

    /** Shows {@code data} now. */
    public void display(DisplayData data) {
        services.display(data);
    }

    /** Evaluates {@code code} and returns the value of its last expression ({@code null} if none). */
    public Object evalRaw(String code) throws Exception {
        return services.eval(code);
    }

    /** Evaluates {@code code} and renders its value ({@code null} if none). */
    public DisplayData eval(String code) throws Exception {
        Object value = services.eval(code);
        return value == null ? null : services.render(value);
    }

    /** Adds {@code path} (entries separated by the platform's path separator) to the notebook's class path. */
    public void addToClasspath(String path) {
        services.addToClasspath(path);
    }
}
