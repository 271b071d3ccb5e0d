package org.moca.kernel.eval;

import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.moca.kernel.runtime.CellGuard;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the class files of notebook code as they load, so that {@link CellGuard} can stop a cell and block
 * {@code System.exit} on any JDK (17 to 25 and on), with no Security Manager and no {@code Thread.stop}.
 *
 * <p>Two edits, neither of which changes the operand stack, adds a branch or needs new stack map frames:
 * <ol>
 *   <li>before every backward jump (a loop's back-edge, found as a jump to a label already visited) an
 *       {@code invokestatic CellGuard.poll()}; a {@code while (true) {}} thus checks for a stop once per
 *       iteration;</li>
 *   <li>calls of {@code System.exit(I)V}, {@code Runtime.exit(I)V} and {@code Runtime.halt(I)V}, and method handles
 *       to them (method references), are redirected to {@link CellGuard#exit(int)} and friends.</li>
 * </ol>
 * Cost: one pass of ASM over the class file at load time (tens of microseconds for a cell's wrapper class); at run
 * time one volatile read per loop iteration. A class ASM cannot read (a class file newer than ASM knows) loads
 * unchanged, with a log line.
 */
public final class CellInstrumenter {
    private static final Logger LOG = Logger.getLogger(CellInstrumenter.class.getName());
    private static final String GUARD = Type.getInternalName(CellGuard.class);

    private final boolean pollLoops;

    /** @param pollLoops whether to weave the interrupt polls (the {@code System.exit} redirect is always on) */
    public CellInstrumenter(boolean pollLoops) {
        this.pollLoops = pollLoops;
    }

    /** The rewritten class file, or {@code classFile} itself if it could not be read. */
    public byte[] instrument(String className, byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new Rewriter(writer), 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not instrument " + className + " (it loads unchanged): " + e, e);
            return classFile;
        }
    }

    private final class Rewriter extends ClassVisitor {
        Rewriter(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodRewriter(super.visitMethod(access, name, descriptor, signature, exceptions));
        }
    }

    private final class MethodRewriter extends MethodVisitor {
        private final Set<Label> visited = new HashSet<>();

        MethodRewriter(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitLabel(Label label) {
            visited.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (pollLoops && visited.contains(label)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "poll", "()V", false);
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            String replacement = exitReplacement(owner, name, descriptor);
            if (replacement != null && (opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, name, replacement, false);
                return;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            Object[] args = arguments.clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = handle(args[i]);
            }
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, args);
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(handle(value));
        }
    }

    private static Object handle(Object constant) {
        if (constant instanceof Handle h) {
            String replacement = exitReplacement(h.getOwner(), h.getName(), h.getDesc());
            if (replacement != null) {
                return new Handle(Opcodes.H_INVOKESTATIC, GUARD, h.getName(), replacement, false);
            }
        }
        return constant;
    }

    /** The {@link CellGuard} descriptor replacing an exit call, or {@code null} if this is not one. */
    private static String exitReplacement(String owner, String name, String descriptor) {
        if (!"(I)V".equals(descriptor)) {
            return null;
        }
        if ("java/lang/System".equals(owner) && "exit".equals(name)) {
            return "(I)V";
        }
        if ("java/lang/Runtime".equals(owner) && ("exit".equals(name) || "halt".equals(name))) {
            return "(Ljava/lang/Runtime;I)V";
        }
        return null;
    }
}
