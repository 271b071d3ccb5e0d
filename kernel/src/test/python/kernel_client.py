#!/usr/bin/env python3
"""Drives the MOCA Java kernel through a real Jupyter client (jupyter_client), one scenario per call.

Usage: python kernel_client.py KERNELSPEC_DIR WORK_DIR SCENARIO [ARGS...]

Installs the kernelspec into WORK_DIR/jupyter (never the user's own Jupyter directories), starts the kernel with
jupyter_client, runs SCENARIO and prints "PASS <scenario>" (exit 0) or a traceback (exit 1). The "bench"
scenario prints start-up time and the median round trip of a trivial cell.
"""
import hashlib
import hmac
import json
import os
import queue
import signal
import statistics
import subprocess
import sys
import time
import uuid

KERNEL_NAME = "java"


def isolate_jupyter(work_dir):
    """Points every Jupyter directory into WORK_DIR, so nothing touches the user's real ones."""
    base = os.path.join(work_dir, "jupyter")
    for var, sub in (("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        os.environ[var] = os.path.join(base, sub)
        os.makedirs(os.environ[var], exist_ok=True)
    os.environ["JUPYTER_PATH"] = os.environ["JUPYTER_DATA_DIR"]


def install_kernelspec(spec_dir):
    """Installs SPEC_DIR as kernel "java"; with MOCA_KERNEL_JAVA set, the installed kernel.json runs that java."""
    subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "install", "--user",
                    "--name", KERNEL_NAME, spec_dir], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    java = os.environ.get("MOCA_KERNEL_JAVA")
    if java:
        installed = os.path.join(os.environ["JUPYTER_DATA_DIR"], "kernels", KERNEL_NAME, "kernel.json")
        with open(installed) as f:
            spec = json.load(f)
        spec["argv"][0] = java
        with open(installed, "w") as f:
            json.dump(spec, f, indent=2)


def start():
    from jupyter_client.manager import start_new_kernel
    return start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=120)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def run(kc, code, timeout=120, wait=True):
    """Executes CODE; returns (reply content, list of iopub output messages)."""
    msg_id = kc.execute(code)
    if not wait:
        return msg_id
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=120):
    """The reply to MSG_ID and its iopub outputs, once the kernel is idle for it (spec: busy ... idle)."""
    outputs = []
    deadline = time.time() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "execute_result", "display_data", "update_display_data", "error", "execute_input"):
            outputs.append(msg)
    while True:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], outputs


def shell_reply(kc, msg_id, timeout=60):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def of_type(outputs, kind):
    return [m["content"] for m in outputs if m["msg_type"] == kind]


def stream_text(outputs, name):
    return "".join(c["text"] for c in of_type(outputs, "stream") if c["name"] == name)


def result_data(outputs):
    results = of_type(outputs, "execute_result")
    check(len(results) == 1, "expected one execute_result, got %r" % outputs)
    return results[0]["data"]


def ok(reply, outputs):
    check(reply["status"] == "ok", "cell failed: %r / %r" % (reply, of_type(outputs, "error")))


# ---------------------------------------------------------------------------------------------- scenarios

def scenario_execute(kc, km, args):
    info = kc.kernel_info(reply=True)["content"]
    check(info["status"] == "ok", "kernel_info_reply without status ok: %r" % info)
    check(info["language_info"]["name"] == "java", "language is %r" % info["language_info"])
    reply, out = run(kc, "1 + 1")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "2", "1 + 1 gave %r" % out)
    reply, out = run(kc, 'System.out.println("hello out"); System.err.println("hello err");')
    ok(reply, out)
    check(stream_text(out, "stdout") == "hello out\n", "stdout: %r" % out)
    check(stream_text(out, "stderr") == "hello err\n", "stderr: %r" % out)
    check(not of_type(out, "execute_result"), "a statement produced a result: %r" % out)
    reply, out = run(kc, "int twice(int x) { return 2 * x; }\nvar xs = List.of(1, 2, 3);\ntwice(xs.size())")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "6", "multi-snippet cell: %r" % out)
    reply, out = run(kc, 'String s = "kept";')
    ok(reply, out)
    check(not of_type(out, "execute_result"), "a declaration produced a result: %r" % out)
    reply, out = run(kc, "s + \" across cells\"")
    check(result_data(out)["text/plain"] == "kept across cells", "state across cells: %r" % out)
    reply, out = run(kc, "Thread.currentThread().getName() + \" \" + Thread.currentThread().getContextClassLoader().getName()")
    first_thread = result_data(out)["text/plain"]
    reply, out = run(kc, "Thread.currentThread().getName() + \" \" + Thread.currentThread().getContextClassLoader().getName()")
    check(result_data(out)["text/plain"] == first_thread == "moca-kernel-eval moca-notebook",
          "cells must run on one evaluation thread with the notebook loader: %r" % first_thread)


def scenario_display(kc, km, args):
    code = ("import java.awt.image.BufferedImage;\n"
            "var img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);\n"
            "String id = display(img);\n"
            "updateDisplay(id, \"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>\");\n"
            "id")
    reply, out = run(kc, code)
    ok(reply, out)
    shown = of_type(out, "display_data")
    check(len(shown) == 1 and "image/png" in shown[0]["data"], "display(image): %r" % out)
    display_id = shown[0]["transient"]["display_id"]
    updated = of_type(out, "update_display_data")
    check(len(updated) == 1 and updated[0]["transient"]["display_id"] == display_id, "update: %r" % updated)
    check("image/svg+xml" in updated[0]["data"], "SVG string not rendered as SVG: %r" % updated)
    reply, out = run(kc, "%%html\n<b>bold</b>")
    ok(reply, out)
    data = of_type(out, "execute_result") + of_type(out, "display_data")
    check(data and data[0]["data"].get("text/html") == "<b>bold</b>", "%%%%html: %r" % out)
    reply, out = run(kc, "%%markdown\n# Title")
    check(result_data(out).get("text/markdown") == "# Title", "%%%%markdown: %r" % out)
    reply, out = run(kc, "%%svg\n<svg xmlns='http://www.w3.org/2000/svg'/>")
    check("image/svg+xml" in result_data(out), "%%%%svg: %r" % out)
    reply, out = run(kc, "%%javascript\nconsole.log(1)")
    check(result_data(out).get("application/javascript") == "console.log(1)", "%%%%javascript: %r" % out)
    reply, out = run(kc, "html(\"<i>x</i>\")")
    check(result_data(out).get("text/html") == "<i>x</i>", "html(): %r" % out)


def scenario_errors(kc, km, args):
    reply, out = run(kc, "int y = \"not a number\";")
    check(reply["status"] == "error" and reply["ename"] == "CompilationException", "compile error: %r" % reply)
    check(any("incompatible types" in line for line in reply["traceback"]), "diagnostic: %r" % reply["traceback"])
    check(of_type(out, "error"), "no error output for a compile error")
    run(kc, "void explode(String why) { throw new IllegalStateException(why); }")
    reply, out = run(kc, "explode(\"boom\")")
    check(reply["status"] == "error", "runtime error: %r" % reply)
    check(reply["ename"] == "java.lang.IllegalStateException" and reply["evalue"] == "boom", "ename/evalue: %r" % reply)
    tb = "\n".join(reply["traceback"])
    check("explode" in tb, "the user's own frame is missing: %s" % tb)
    for internal in ("org.moca.kernel", "jdk.jshell", "jdk.internal.reflect", "java.lang.reflect"):
        check(internal not in tb, "kernel internals (%s) in the traceback: %s" % (internal, tb))
    reply, out = run(kc, "System.exit(3)")
    check(reply["status"] == "error" and "SecurityException" in reply["ename"], "System.exit: %r" % reply)
    reply, out = run(kc, "40 + 2")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "42", "the kernel must survive errors and System.exit: %r" % out)
    reply, out = run(kc, "new Object() { public String toString() { throw new ArithmeticException(\"bad toString\"); } }")
    check(reply["status"] == "error" and reply["ename"] == "java.lang.ArithmeticException", "render failure: %r" % reply)
    reply, out = run(kc, "%nosuchmagic")
    check(reply["status"] == "error" and reply["ename"] == "UndefinedMagicException", "unknown magic: %r" % reply)


def scenario_complete_inspect(kc, km, args):
    run(kc, "var greeting = \"hi\";")
    code = "Math.ma"
    reply = kc.complete(code, len(code), reply=True)["content"]
    check(reply["status"] == "ok" and any(m.startswith("max(") for m in reply["matches"]), "complete: %r" % reply)
    check(reply["cursor_start"] == len("Math."), "cursor_start: %r" % reply)
    code = "%jars x.jar\ngreeting.toUpp"
    reply = kc.complete(code, len(code), reply=True)["content"]
    check(any(m.startswith("toUpperCase(") for m in reply["matches"]), "completion after a magic line: %r" % reply)
    code = "Math.max(1, 2)"
    reply = kc.inspect(code, len("Math.ma"), reply=True)["content"]
    check(reply["status"] == "ok" and reply["found"], "inspect: %r" % reply)
    text = reply["data"]["text/plain"]
    check("max(" in text, "inspect text: %r" % text)
    java_home = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    home = [l.split("=", 1)[1].strip() for l in java_home.splitlines() if l.strip().startswith("java.home")][0]
    if os.path.exists(os.path.join(home, "lib", "src.zip")):
        check("greater" in text, "Javadoc expected (src.zip exists): %r" % text)
    for code, expected in (("int x = 1;", "complete"), ("for (int i = 0; i < 3; i++) {", "incomplete"),
                           ("%jars a.jar", "complete")):
        msg_id = kc.is_complete(code)
        reply = shell_reply(kc, msg_id)
        check(reply["status"] == expected, "is_complete(%r) = %r" % (code, reply))


def scenario_interrupt(kc, km, args):
    ok(*run(kc, "int ready = 1;"))  # JShell is up: the interrupt below hits running code
    msg_id = run(kc, "long spins = 0;\nwhile (true) { spins++; }", wait=False)
    time.sleep(1.5)
    km.interrupt_kernel()
    reply, out = collect(kc, msg_id, timeout=30)
    check(reply["status"] == "error" and reply["ename"] == "EvaluationInterruptedException", "interrupt: %r" % reply)
    msg_id = run(kc, "Thread.sleep(60_000)", wait=False)
    time.sleep(1.0)
    km.interrupt_kernel()
    reply, out = collect(kc, msg_id, timeout=30)
    check(reply["status"] == "error", "interrupting a sleep: %r" % reply)
    reply, out = run(kc, "1 + 2")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "3", "after interrupt: %r" % out)


def scenario_shutdown(kc, km, args):
    pid = km.provisioner.process.pid
    reply = kc.shutdown(restart=False)
    start_time = time.time()
    while km.is_alive() and time.time() - start_time < 15:
        time.sleep(0.1)
    check(not km.is_alive(), "kernel still alive 15 s after shutdown_request")
    return "shutdown"


def scenario_bad_signature(kc, km, args):
    """A message signed with the wrong key must be dropped: no reply, and its code must not run."""
    import zmq
    from jupyter_client.session import Session
    bad = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.connect("%s://%s:%d" % (km.transport, km.ip, km.shell_port))
    bad.send(sock, "execute_request", {"code": "int hacked = 1;", "silent": False, "store_history": True,
                                       "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    check(sock.poll(3000) == 0, "the kernel answered a badly signed message")
    unsigned = Session(key=b"", signature_scheme="hmac-sha256")
    unsigned.send(sock, "kernel_info_request", {})
    check(sock.poll(2000) == 0, "the kernel answered an unsigned message")
    sock.close(0)
    reply, out = run(kc, "hacked")
    check(reply["status"] == "error" and reply["ename"] == "CompilationException",
          "code from a badly signed message ran: %r" % reply)
    reply, out = run(kc, "1")
    ok(reply, out)


def scenario_libraries(kc, km, args):
    jars = args[0]
    reply, out = run(kc, "%%jars %s/*.jar" % jars)
    ok(reply, out)
    reply, out = run(kc, "import org.nd4j.linalg.factory.Nd4j;\nvar m = Nd4j.rand(4, 4);\nArrays.toString(m.shape())")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "[4, 4]", "Nd4j.rand(4,4): %r" % out)
    check("INFO" not in stream_text(out, "stderr"), "ND4J start-up chatter in the cell: %r" % stream_text(out, "stderr"))
    fit = ("import org.deeplearning4j.nn.conf.NeuralNetConfiguration;\n"
           "import org.deeplearning4j.nn.conf.layers.*;\n"
           "import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;\n"
           "import org.nd4j.linalg.activations.Activation;\n"
           "import org.nd4j.linalg.lossfunctions.LossFunctions;\n"
           "var conf = new NeuralNetConfiguration.Builder().seed(7).list()\n"
           "    .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())\n"
           "    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)"
           ".activation(Activation.IDENTITY).build())\n"
           "    .build();\n"
           "var net = new MultiLayerNetwork(conf);\nnet.init();\n"
           "var x = Nd4j.rand(16, 4); var y = Nd4j.rand(16, 1);\n"
           "double before = net.score(new org.nd4j.linalg.dataset.DataSet(x, y));\n"
           "for (int i = 0; i < 50; i++) net.fit(x, y);\n"
           "net.score(new org.nd4j.linalg.dataset.DataSet(x, y)) < before")
    reply, out = run(kc, fit)
    ok(reply, out)
    check(result_data(out)["text/plain"] == "true", "DL4J fit did not lower the loss: %r" % out)
    chart = ("import org.knowm.xchart.*;\n"
             "var chart = new XYChartBuilder().width(300).height(200).title(\"t\").build();\n"
             "chart.addSeries(\"s\", new double[]{1, 2, 3}, new double[]{3, 1, 2});\n"
             "chart")
    reply, out = run(kc, chart)
    ok(reply, out)
    data = result_data(out)
    check(data.get("image/png", "").startswith("iVBOR"), "XChart PNG: %r" % list(data))
    check("<svg" in data.get("image/svg+xml", ""), "XChart SVG: %r" % list(data))
    table = ("import tech.tablesaw.api.*;\n"
             "Table.create(\"facilities\", StringColumn.create(\"name\", \"magnet plant\", \"recycler\"),"
             " DoubleColumn.create(\"capacity\", 12.5, 3.0))")
    reply, out = run(kc, table)
    ok(reply, out)
    html = result_data(out).get("text/html", "")
    check("<table" in html and "magnet plant" in html and "2 rows" in html, "Tablesaw HTML: %r" % html)


def scenario_maven(kc, km, args):
    reply, out = run(kc, "Class.forName(\"com.google.gson.Gson\")")
    check(reply["status"] == "error" and reply["ename"] == "java.lang.ClassNotFoundException",
          "the kernel's own Gson must be invisible to notebooks (relocated): %r" % reply)
    reply, out = run(kc, "%maven com.google.code.gson:gson:2.8.5\n"
                         "new com.google.gson.Gson().toJson(List.of(1, 2)) + \" from \" + "
                         "new File(com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getName()")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "[1,2] from gson-2.8.5.jar", "the notebook's Gson: %r" % out)
    reply, out = run(kc, "%maven org.knowm.xchart:xchart:3.8.8\n"
                         "new org.knowm.xchart.PieChartBuilder().build().getClass().getSimpleName()")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "PieChart", "%%maven xchart: %r" % out)
    reply, out = run(kc, "%maven org.example.missing:nothing-here:9.9.9")
    check(reply["status"] == "error" and reply["ename"] == "ArtifactNotFoundException", "missing artifact: %r" % reply)
    check("local Maven repository" in reply["evalue"] and "mvn dependency:get" in reply["evalue"],
          "the error should say where it looked and how to fetch: %r" % reply["evalue"])
    # ND4J declares its natives in POM profiles: the OS-activated ones must be followed (issue 11).
    reply, out = run(kc, "List<String> nd = %maven org.nd4j:nd4j-native:1.0.0-M2.1\n"
                         "String.join(\",\", Arrays.stream(((java.net.URLClassLoader) Thread.currentThread()"
                         ".getContextClassLoader()).getURLs()).map(u -> new File(u.getPath()).getName())"
                         ".filter(n -> n.contains(\"linux\") || n.contains(\"macosx\") || n.contains(\"windows\"))"
                         ".sorted().toList())", timeout=300)
    ok(reply, out)
    natives = result_data(out)["text/plain"]
    check("nd4j-native-1.0.0-M2.1-" in natives and "openblas-0.3.19-1.5.7-" in natives,
          "the platform natives that ND4J's profiles select are missing: %r" % natives)


def scenario_load(kc, km, args):
    work = args[0]
    path = os.path.join(work, "helpers.jsh")
    with open(path, "w") as f:
        f.write("int triple(int x) { return 3 * x; }\n")
    reply, out = run(kc, "%%load %s\ntriple(5)" % path)
    ok(reply, out)
    check(result_data(out)["text/plain"] == "15", "%%load: %r" % out)


def scenario_parent_death(args):
    """The kernel must exit when the process that started it dies (JPY_PARENT_PID)."""
    child = subprocess.Popen([sys.executable, __file__, "--child-start"], stdout=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    kernel_pid = int(child.stdout.readline().strip())
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            os.kill(kernel_pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(kernel_pid, signal.SIGKILL)
    raise AssertionError("kernel %d outlived its parent by 20 s" % kernel_pid)


def notebook(args):
    """Runs a notebook under `jupyter nbconvert --execute` and checks what it shows."""
    source, jars = args[0], args[1]
    work = os.getcwd()
    nb_dir = os.path.join(work, "notebook")
    os.makedirs(nb_dir, exist_ok=True)
    link = os.path.join(work, "it-jars")
    if not os.path.exists(link):
        os.symlink(jars, link)
    target = os.path.join(nb_dir, "kernel-tour.ipynb")
    with open(source) as f, open(target, "w") as g:
        g.write(f.read())
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
                    "--output", "executed.ipynb", target], check=True)
    with open(os.path.join(nb_dir, "executed.ipynb")) as f:
        cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
    def joined(value):
        return "".join(value) if isinstance(value, list) else value
    outputs = [[{k: joined(v) for k, v in o.items()} for o in c["outputs"]] for c in cells]
    def data(i):
        return {k: joined(v) for o in cells[i]["outputs"] for k, v in o.get("data", {}).items()}
    check(any(o.get("text") == "hello from the MOCA kernel\n" for o in outputs[0]), "stdout: %r" % outputs[0])
    check(any(o.get("name") == "stderr" for o in outputs[0]), "stderr: %r" % outputs[0])
    check(data(1).get("text/plain") == "42", "result: %r" % outputs[1])
    check("image/png" in data(2), "image: %r" % outputs[2])
    check("<b>HTML</b>" in "".join(data(3).get("text/html", "")), "html: %r" % outputs[3])
    check("text/markdown" in data(4), "markdown: %r" % outputs[4])
    check(any(o.get("ename") == "java.lang.IllegalStateException" for o in outputs[5]), "error: %r" % outputs[5])
    check(any("SecurityException" in o.get("ename", "") for o in outputs[6]), "System.exit: %r" % outputs[6])
    check("still alive" in "".join(data(7).get("text/plain", "")), "after exit: %r" % outputs[7])
    check("".join(data(8).get("text/plain", "")) == "[4, 4]", "ND4J after %%jars: %r" % outputs[8])
    check("image/png" in data(9) and "image/svg+xml" in data(9), "XChart: %r" % list(data(9)))
    check("magnet plant" in "".join(data(10).get("text/html", "")), "Tablesaw: %r" % outputs[10])
    check("local repository" in "".join(data(11).get("text/plain", "")), "%%maven: %r" % outputs[11])


def ijava_notebook(args):
    """Runs ijava-compat.ipynb (IJava's documented magics and display calls) under nbconvert and checks each cell."""
    source, jars = args[0], args[1]
    work = os.getcwd()
    nb_dir = os.path.join(work, "notebook")
    os.makedirs(nb_dir, exist_ok=True)
    link = os.path.join(nb_dir, "it-jars")
    if not os.path.exists(link):
        os.symlink(jars, link)
    with open(os.path.join(nb_dir, "helpers.jsh"), "w") as f:
        f.write("int helper(int x) { return x + 40; }\n")
    with open(os.path.join(nb_dir, "example-pom.xml"), "w") as f:
        f.write("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                "<groupId>x</groupId><artifactId>y</artifactId><version>1</version><dependencies><dependency>"
                "<groupId>com.google.code.gson</groupId><artifactId>gson</artifactId><version>2.8.5</version>"
                "</dependency></dependencies></project>")
    target = os.path.join(nb_dir, "ijava-compat.ipynb")
    with open(source) as f, open(target, "w") as g:
        g.write(f.read())
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=600", "--output", "executed.ipynb", target], check=True)
    with open(os.path.join(nb_dir, "executed.ipynb")) as f:
        cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]

    def joined(value):
        return "".join(value) if isinstance(value, list) else value

    def outs(i, kind=None):
        return [o for o in cells[i]["outputs"] if kind is None or o["output_type"] == kind]

    def data(o, mime):
        return joined(o.get("data", {}).get(mime, ""))
    for i, c in enumerate(cells):
        check(not outs(i, "error"), "cell %d failed: %r" % (i, outs(i, "error")))
    check(data(outs(0, "display_data")[0], "application/javascript").startswith("alert("), "js: %r" % outs(0))
    shown = outs(1, "display_data")[0]
    check(data(shown, "text/html") == "<b>Bold</b>" and data(shown, "text/markdown") == "<b>Bold</b>",
          "html + markdown: %r" % shown)
    check(not outs(1, "execute_result"), "a display id shown as Out[]: %r" % outs(1))
    check(data(outs(2, "execute_result")[0], "text/markdown") == "Hello from **the kernel**", "render: %r" % outs(2))
    check(data(outs(3, "display_data")[0], "text/html") == "<b>Countdown:</b> 0", "countdown ends at 0: %r" % outs(3))
    check(data(outs(3, "execute_result")[0], "text/html") == "<b>Liftoff!</b>", "liftoff: %r" % outs(3))
    check(data(outs(4, "display_data")[0], "text/plain") == "replaced", "updateDisplay: %r" % outs(4))
    check(data(outs(5, "execute_result")[0], "text/plain") == "1", "%%jars as an expression: %r" % outs(5))
    check(data(outs(6, "execute_result")[0], "text/plain") == "Table", "%%classpath: %r" % outs(6))
    check(data(outs(7, "execute_result")[0], "text/plain") == "[1,2]", "%%maven: %r" % outs(7))
    check(data(outs(10, "execute_result")[0], "text/plain") == "POM loaded", "%%loadFromPOM file: %r" % outs(10))
    check(data(outs(11, "execute_result")[0], "text/plain") == "42", "%%load helpers: %r" % outs(11))
    check(data(outs(12, "execute_result")[0], "text/plain") == "1", "lineMagic(): %r" % outs(12))
    check(data(outs(13, "execute_result")[0], "text/html") == "<i>cell magic</i>", "cellMagic(): %r" % outs(13))
    check(data(outs(14, "execute_result")[0], "text/html") == "<i>90 seconds</i>", "getRenderer(): %r" % outs(14))
    check(data(outs(15, "execute_result")[0], "text/plain") == "42", "evalRaw: %r" % outs(15))


def child_start():
    km, kc = start()
    print(km.provisioner.process.pid, flush=True)
    time.sleep(300)


def cpu_seconds(pid):
    """User + system CPU time of process PID so far (Linux /proc)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_named(name):
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return km, kc, time.perf_counter() - t0


def timed(kc, code):
    t = time.perf_counter()
    reply, out = run(kc, code)
    check(reply["status"] == "ok", "bench cell failed: %r" % reply)
    return time.perf_counter() - t


def bench(args):
    """Our kernel and ipykernel side by side in one run, interleaved cell by cell (same load for both).

    For each kernel: ready time, then the round trip (execute_request -> reply and idle) of a trivial cell,
    back to back and after the kernel sat idle (our kernel warms JShell up while idle), of a println cell, and of
    an empty cell (no compiler involved: the messaging and threading cost alone).
    """
    runs = int(args[0]) if args else 50
    idle = int(args[1]) if len(args) > 1 else 10
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--user", "--name", "python3"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kernels = {"moca (java)": ("java", "1 + 1", 'System.out.println("x")'),
               "ipykernel": ("python3", "1 + 1", 'print("x")')}
    started = {label: start_named(name) for label, (name, _, _) in kernels.items()}
    first = {label: timed(started[label][1], trivial) for label, (_, trivial, _) in kernels.items()}
    back_to_back = {label: [] for label in kernels}
    prints = {label: [] for label in kernels}
    warm = {label: [] for label in kernels}
    empty = {label: [] for label in kernels}
    for i in range(runs):
        for label, (_, trivial, printing) in kernels.items():
            back_to_back[label].append(timed(started[label][1], trivial))
    for i in range(10):
        for label, (_, trivial, printing) in kernels.items():
            prints[label].append(timed(started[label][1], printing))
    time.sleep(idle)  # a user reading the output: our kernel warms JShell up meanwhile
    for i in range(runs):
        for label, (_, trivial, _) in kernels.items():
            warm[label].append(timed(started[label][1], trivial))
    for i in range(runs):
        for label in kernels:
            empty[label].append(timed(started[label][1], ""))
    for label, (km, kc, ready) in started.items():
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    ms = lambda xs: statistics.median(xs) * 1000
    print("kernel round trips, interleaved in one run (median ms; execute_request -> reply and idle):")
    print("%-12s %9s %9s %14s %14s %10s %11s" % ("kernel", "ready", "1st cell", "back-to-back",
                                                 "after %ds idle" % idle, "println", "empty cell"))
    for label, (km, kc, ready) in started.items():
        print("%-12s %9.0f %9.0f %14.1f %14.1f %10.1f %11.1f" % (
            label, ready * 1000, first[label] * 1000, ms(back_to_back[label]), ms(warm[label]), ms(prints[label]),
            ms(empty[label])))
    ratio = ms(warm["moca (java)"]) / ms(warm["ipykernel"])
    ratio_b2b = ms(back_to_back["moca (java)"]) / ms(back_to_back["ipykernel"])
    print("ratio moca / ipykernel: %.2fx after idle, %.2fx back to back (target: within 2x); empty cell %.2fx"
          % (ratio, ratio_b2b, ms(empty["moca (java)"]) / ms(empty["ipykernel"])))
    print("%d cells per kernel and phase; load average: %.2f %.2f %.2f on %d cores"
          % ((runs,) + os.getloadavg() + (os.cpu_count(),)))



def statuses(kc, msg_id, timeout=30):
    """The execution states published for MSG_ID until it goes idle."""
    states = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
            states.append(msg["content"]["execution_state"])
            if states[-1] == "idle":
                return states
    raise AssertionError("no idle for %s: %r" % (msg_id, states))


def scenario_stop_on_error(kc, km, args):
    """Spec 5.3, Execute: stop_on_error=True aborts the queued execute requests (status "aborted")."""
    ok(*run(kc, "int ran = 0;"))
    first = kc.execute("throw new IllegalStateException(\"stop here\");")
    second = kc.execute("ran++;")
    third = kc.execute("ran += 10;")
    replies = {}
    while len(replies) < 3:
        m = kc.get_shell_msg(timeout=60)
        replies[m["parent_header"]["msg_id"]] = m["content"]
    check(replies[first]["status"] == "error", "first: %r" % replies[first])
    check(replies[second]["status"] == "aborted" and replies[third]["status"] == "aborted",
          "queued cells after an error must be aborted: %r" % replies)
    for mid in (second, third):
        check(statuses(kc, mid) == ["busy", "idle"], "busy/idle around an aborted request")
    reply, out = run(kc, "ran")
    check(result_data(out)["text/plain"] == "0", "an aborted cell ran: %r" % out)
    # stop_on_error=False: the queue runs on.
    first = kc.execute("throw new IllegalStateException(\"not fatal\");", stop_on_error=False)
    second = kc.execute("ran++;")
    replies = {}
    while len(replies) < 2:
        m = kc.get_shell_msg(timeout=60)
        replies[m["parent_header"]["msg_id"]] = m["content"]
    check(replies[second]["status"] == "ok", "stop_on_error=False must not abort: %r" % replies)


def scenario_display_api(kc, km, args):
    """IJava's display API (docs/display.md): requested MIME types, render(), updateDisplay with types."""
    reply, out = run(kc, 'display("<b>Bold</b>", "text/html", "text/markdown");')
    ok(reply, out)
    shown = of_type(out, "display_data")
    check(len(shown) == 1 and shown[0]["data"].get("text/html") == "<b>Bold</b>"
          and shown[0]["data"].get("text/markdown") == "<b>Bold</b>" and "text/plain" in shown[0]["data"],
          "display(obj, mime...) must show those types: %r" % shown)
    reply, out = run(kc, 'String md = "Hello from **IJava**";\nrender(md, "text/markdown")')
    check(result_data(out).get("text/markdown") == "Hello from **IJava**", "render(obj, mime): %r" % out)
    reply, out = run(kc, 'String id = display("<b>Countdown:</b> 3", "text/html");\n'
                         'for (int i = 2; i >= 0; i--) updateDisplay(id, "<b>Countdown:</b> " + i, "text/html");\n'
                         'render("<b>Liftoff!</b>", "text/html")')
    ok(reply, out)
    updates = of_type(out, "update_display_data")
    check(len(updates) == 3 and updates[-1]["data"].get("text/html") == "<b>Countdown:</b> 0",
          "updateDisplay(id, obj, mime): %r" % updates)
    check(result_data(out).get("text/html") == "<b>Liftoff!</b>", "liftoff: %r" % out)
    reply, out = run(kc, 'display("shown once")')
    ok(reply, out)
    check(len(of_type(out, "display_data")) == 1 and not of_type(out, "execute_result"),
          "a bare display(...) must not also show its id as Out[]: %r" % out)
    reply, out = run(kc, "id")
    check(len(of_type(out, "execute_result")) == 1, "a display id asked for by name is shown: %r" % out)


def scenario_frames(kc, km, args):
    """Spec 5.3, Wire Protocol: a frame without <IDS|MSG> is dropped whole; an execute_request without code
    still gets an error reply and busy/idle."""
    import zmq
    from jupyter_client.session import Session
    ctx = zmq.Context.instance()
    stray = ctx.socket(zmq.DEALER)
    stray.connect("%s://%s:%d" % (km.transport, km.ip, km.shell_port))
    stray.send(b"not a jupyter message")  # one frame, no delimiter
    time.sleep(0.3)
    reply, out = run(kc, "6 * 7", timeout=30)  # the real client's next message must reach the kernel intact
    ok(reply, out)
    check(result_data(out)["text/plain"] == "42", "after a stray frame: %r" % out)
    check(stray.poll(500) == 0, "the stray socket got an answer")
    stray.close(0)
    session = Session(key=km.session.key, signature_scheme="hmac-sha256")
    sock = ctx.socket(zmq.DEALER)
    sock.connect("%s://%s:%d" % (km.transport, km.ip, km.shell_port))
    msg = session.send(sock, "execute_request", {})
    check(sock.poll(10000) != 0, "no reply to a signed execute_request with empty content")
    _, frames = session.feed_identities(sock.recv_multipart())
    answer = session.deserialize(frames)
    check(answer["content"]["status"] == "error", "empty content: %r" % answer["content"])
    check(statuses(kc, msg["header"]["msg_id"]) == ["busy", "idle"], "busy/idle around the bad request")
    sock.close(0)
    ok(*run(kc, "1"))


def scenario_ijava_magics(kc, km, args):
    """IJava's magics (docs/magics.md): %load variants, magics as expressions, %%loadFromPOM, %mavenRepo,
    %addMavenDependency, IJava.getKernelInstance()."""
    work = os.getcwd()
    with open(os.path.join(work, "helpers.jsh"), "w") as f:
        f.write("int triple(int x) { return 3 * x; }\n")
    nb = {"cells": [{"cell_type": "markdown", "source": ["# x"], "metadata": {}},
                    {"cell_type": "code", "source": ["int fromNotebook = 5;"], "metadata": {}, "outputs": [],
                     "execution_count": None}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    with open(os.path.join(work, "cells.ipynb"), "w") as f:
        json.dump(nb, f)
    reply, out = run(kc, "%load helpers\n%load cells\ntriple(fromNotebook)")
    ok(reply, out)
    check(result_data(out)["text/plain"] == "15", "%%load of a name without extension and of a notebook: %r" % out)
    jars = args[0]
    reply, out = run(kc, "List<String> added = %%jars %s/xchart-*.jar\nadded.size() + \" \" + added.get(0)" % jars)
    ok(reply, out)
    check(result_data(out)["text/plain"].startswith("1 ") and "xchart" in result_data(out)["text/plain"],
          "a magic as an expression: %r" % out)
    reply, out = run(kc, "%mavenRepo local-extra file:///nonexistent-repository\n"
                         "%addMavenDependency com.google.code.gson:gson:2.8.5\n"
                         "new com.google.gson.Gson().toJson(1)")
    ok(reply, out)
    reply, out = run(kc, "%%loadFromPOM\n<dependency>\n  <groupId>com.google.code.gson</groupId>\n"
                         "  <artifactId>gson</artifactId>\n  <version>2.8.5</version>\n</dependency>")
    ok(reply, out)
    reply, out = run(kc, "%loadFromPOM nosuch-pom.xml")
    check(reply["status"] == "error" and "nosuch-pom.xml" in reply["evalue"], "a missing POM is named: %r" % reply)
    reply, out = run(kc, "io.github.spencerpark.ijava.IJava.getKernelInstance().getRenderer()"
                         ".createRegistration(java.time.Duration.class)"
                         ".preferring(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)"
                         ".register((d, ctx) -> ctx.renderIfRequested("
                         "io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML,"
                         " () -> \"<i>\" + d.toSeconds() + \" s</i>\"));\n"
                         "java.time.Duration.ofSeconds(3)")
    ok(reply, out)
    check(result_data(out).get("text/html") == "<i>3 s</i>", "a renderer registered through IJava: %r" % out)
    reply, out = run(kc, "io.github.spencerpark.ijava.IJava.getKernelInstance().evalRaw(\"2 + 3\")")
    check(result_data(out)["text/plain"] == "5", "IJava's evalRaw: %r" % out)


def scenario_early_interrupt(kc, km, args):
    """An interrupt sent right after an execute request stops that cell (issue 14.6: lost 3 times in 4)."""
    ok(*run(kc, "int ready = 1;"))
    for attempt in range(6):
        msg_id = kc.execute("long n = 0; while (true) { n++; }")
        km.interrupt_kernel()
        reply, out = collect(kc, msg_id, timeout=30)
        if os.environ.get("MOCA_DEBUG"):
            print("attempt", attempt, reply.get("ename"), reply.get("execution_count"), file=sys.stderr)
        check(reply["status"] == "error" and reply["ename"] == "EvaluationInterruptedException",
              "attempt %d: the interrupt was lost: %r" % (attempt, reply))
        # At once (well within the 500 ms grace): the interrupt stopped its own cell and must not stop this one.
        reply, out = run(kc, "int after%d = %d;" % (attempt, attempt))
        check(reply["status"] == "ok", "attempt %d: one interrupt also stopped the next cell: %r" % (attempt, reply))
    ok(*run(kc, "1 + 1"))


def scenario_protocol(kc, km, args):
    """Spec 5.3: user_expressions, history, busy/idle around every request, is_complete "invalid"."""
    msg_id = kc.execute("int base = 20;", user_expressions={"twice": "base * 2", "bad": "nosuch + 1"})
    reply = shell_reply(kc, msg_id)
    ue = reply["user_expressions"]
    check(ue["twice"]["status"] == "ok" and ue["twice"]["data"]["text/plain"] == "40", "user_expressions: %r" % ue)
    check(ue["bad"]["status"] == "error" and ue["bad"]["ename"] == "CompilationException", "bad expression: %r" % ue)
    ok(*run(kc, "base + 1"))
    msg_id = kc.history(hist_access_type="tail", n=10, output=True)
    check(statuses(kc, msg_id) == ["busy", "idle"], "busy/idle around history_request")
    hist = shell_reply(kc, msg_id)["history"]
    check([h[2][0] for h in hist][-2:] == ["int base = 20;", "base + 1"] and hist[-1][2][1] == "21",
          "history tail with output: %r" % hist)
    msg_id = kc.history(hist_access_type="search", pattern="base +*", n=5)
    check([h[2] for h in shell_reply(kc, msg_id)["history"]] == ["base + 1"], "history search")
    msg_id = kc.history(hist_access_type="range", session=0, start=1, stop=2)
    check([h[1] for h in shell_reply(kc, msg_id)["history"]] == [1], "history range")
    msg_id = kc.comm_info()
    check(statuses(kc, msg_id) == ["busy", "idle"], "busy/idle around comm_info_request")
    check(shell_reply(kc, msg_id)["status"] == "ok", "comm_info")
    for request in (lambda: kc.complete("Math.ma", 7), lambda: kc.inspect("Math.max", 5),
                    lambda: kc.is_complete("1 + 1"), lambda: kc.kernel_info()):
        msg_id = request()
        check(statuses(kc, msg_id) == ["busy", "idle"], "busy/idle around every request")
        shell_reply(kc, msg_id)
    for code, expected in (("1 +* 2", "invalid"), ("int 1x = 3;", "invalid"), ("class A {", "incomplete"),
                           ("foo(1)", "complete")):
        msg_id = kc.is_complete(code)
        reply = shell_reply(kc, msg_id)
        check(reply["status"] == expected, "is_complete(%r) = %r, expected %s" % (code, reply, expected))


def scenario_stack_overflow(kc, km, args):
    """A StackOverflowError shows a readable traceback, not 1,025 lines."""
    reply, out = run(kc, "int down(int n) { return down(n + 1) + 1; }\ndown(0)")
    check(reply["status"] == "error" and reply["ename"] == "java.lang.StackOverflowError", "SOE: %r" % reply["ename"])
    check(len(reply["traceback"]) <= 45, "%d traceback lines" % len(reply["traceback"]))
    ok(*run(kc, "1 + 1"))


def scenario_exit(kc, km, args):
    """System.exit, Runtime.exit/halt and System::exit in a cell, or in a class it declares, leave the kernel up."""
    for code in ("System.exit(3)", "Runtime.getRuntime().halt(1)",
                 "java.util.function.IntConsumer f = System::exit; f.accept(2)",
                 "class Quitter { static void quit() { System.exit(4); } }\nQuitter.quit()",
                 "Thread t = new Thread(() -> System.exit(5)); t.start(); t.join(); 1"):
        reply, out = run(kc, code)
        if code.endswith("1"):
            ok(reply, out)
        else:
            check(reply["status"] == "error" and "SecurityException" in reply["ename"], "%s: %r" % (code, reply))
    reply, out = run(kc, "40 + 2")
    check(result_data(out)["text/plain"] == "42" and km.is_alive(), "the kernel must survive: %r" % out)


def scenario_logo(kc, km, args):
    """The kernelspec ships logos Jupyter shows in the launcher (32x32 and 64x64 PNG)."""
    from jupyter_client.kernelspec import KernelSpecManager
    import struct
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    for size in (32, 64):
        path = os.path.join(spec.resource_dir, "logo-%dx%d.png" % (size, size))
        with open(path, "rb") as f:
            head = f.read(24)
        check(head[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
        check(struct.unpack(">II", head[16:24]) == (size, size), "%s is not %dx%d" % (path, size, size))
    check(os.path.exists(os.path.join(spec.resource_dir, "logo-svg.svg")), "no logo-svg.svg")


def stdin_request(kc, timeout=30):
    msg = kc.get_stdin_msg(timeout=timeout)
    check(msg["msg_type"] == "input_request", "expected an input_request on stdin: %r" % msg)
    return msg


def scenario_stdin(kc, km, args):
    """Spec 5.3, "Messages on the stdin ROUTER/DEALER channel": a cell reading System.in sends an input_request to
    the client whose execute_request allowed stdin and reads the input_reply's value as one line; with allow_stdin
    false it reads end-of-file at once; an interrupt ends the wait (IJava notebooks use Scanner(System.in))."""
    ok(*run(kc, "int ready = 1;"))
    msg_id = kc.execute('System.out.print("Enter a number: ");\n'
                        'Scanner in = new Scanner(System.in);\nint n = in.nextInt();\nn * 2', allow_stdin=True)
    request = stdin_request(kc)
    check(request["parent_header"].get("msg_id") == msg_id, "input_request's parent: %r" % request["parent_header"])
    check(request["content"].get("password") is False and "prompt" in request["content"],
          "input_request content: %r" % request["content"])
    kc.input("21")
    reply, out = collect(kc, msg_id)
    ok(reply, out)
    check(stream_text(out, "stdout") == "Enter a number: ", "the prompt printed before the input: %r" % out)
    check(result_data(out)["text/plain"] == "42", "the value typed: %r" % out)
    # Two lines, two requests: a buffering reader gets one line per request and never blocks for one it did not
    # need; the line comes without its newline from the client and with one to the reader.
    msg_id = kc.execute("BufferedReader r = new BufferedReader(new InputStreamReader(System.in));\n"
                        "String a = r.readLine(); String b = r.readLine(); a + \"|\" + b", allow_stdin=True)
    stdin_request(kc)
    kc.input("first line")
    stdin_request(kc)
    kc.input("second")
    reply, out = collect(kc, msg_id)
    ok(reply, out)
    check(result_data(out)["text/plain"] == 'first line|second', "two lines read: %r" % out)
    # No stdin allowed (nbconvert, nbclient): end-of-file at once, and no input_request.
    msg_id = kc.execute("System.in.read()", allow_stdin=False)
    reply, out = collect(kc, msg_id)
    ok(reply, out)
    check(result_data(out)["text/plain"] == "-1", "end-of-file without allow_stdin: %r" % out)
    try:
        stray = kc.get_stdin_msg(timeout=1)
        raise AssertionError("an input_request although allow_stdin was false: %r" % stray)
    except queue.Empty:
        pass
    # An interrupt while the cell waits for input stops it; the next cell runs and reads nothing left over.
    msg_id = kc.execute("new Scanner(System.in).nextLine()", allow_stdin=True)
    stdin_request(kc)
    km.interrupt_kernel()
    reply, out = collect(kc, msg_id, timeout=30)
    check(reply["status"] == "error" and reply["ename"] == "EvaluationInterruptedException",
          "interrupting a wait for input: %r" % reply)
    ok(*run(kc, "1 + 1"))


SCENARIOS = {name[len("scenario_"):]: fn for name, fn in globals().items() if name.startswith("scenario_")}


def main():
    if sys.argv[1:] == ["--child-start"]:
        child_start()
        return
    spec_dir, work_dir, scenario, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    os.makedirs(work_dir, exist_ok=True)
    isolate_jupyter(work_dir)
    install_kernelspec(spec_dir)
    os.chdir(work_dir)
    if scenario == "bench":
        bench(args)
        return
    if scenario == "notebook":
        notebook(args)
        print("PASS notebook")
        return
    if scenario == "ijava_notebook":
        ijava_notebook(args)
        print("PASS ijava_notebook")
        return
    if scenario == "parent_death":
        scenario_parent_death(args)
        print("PASS parent_death")
        return
    km, kc = start()
    try:
        result = SCENARIOS[scenario](kc, km, args)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)
    print("PASS " + scenario)


if __name__ == "__main__":
    main()
