package org.moca.graph;

import java.util.Arrays;
import java.util.List;

/**
 * The network's lanes as integer arrays (compressed sparse rows by facility index), for algorithms that must run in
 * linear time without hashing: lane {@code l} joins facility {@code from[l]} to {@code to[l]}; the lanes leaving
 * facility {@code v} are {@code outLanes[outStart[v] .. outStart[v+1])}, in lane order. Built in O(F + L).
 */
final class LaneIndex {

    final int facilityCount;
    final int laneCount;
    final int[] from;
    final int[] to;
    final int[] outStart;
    final int[] outLanes;
    final int[] inStart;
    final int[] inLanes;

    LaneIndex(SupplyNetwork network) {
        List<Lane> lanes = network.lanes();
        facilityCount = network.facilities().size();
        laneCount = lanes.size();
        from = new int[laneCount];
        to = new int[laneCount];
        for (int l = 0; l < laneCount; l++) {
            Lane lane = lanes.get(l);
            from[l] = network.facilityIndexOf(lane.from());
            to[l] = network.facilityIndexOf(lane.to());
        }
        outStart = new int[facilityCount + 1];
        inStart = new int[facilityCount + 1];
        outLanes = new int[laneCount];
        inLanes = new int[laneCount];
        bucket(from, outStart, outLanes);
        bucket(to, inStart, inLanes);
    }

    private void bucket(int[] key, int[] start, int[] items) {
        for (int l = 0; l < laneCount; l++) start[key[l] + 1]++;
        for (int v = 0; v < facilityCount; v++) start[v + 1] += start[v];
        int[] fill = Arrays.copyOf(start, facilityCount);
        for (int l = 0; l < laneCount; l++) items[fill[key[l]]++] = l;
    }

    /**
     * Strongly connected components by Tarjan's algorithm (Tarjan 1972, SIAM J. Computing 1(2)), iterative so that a
     * long chain cannot overflow the call stack. O(F + L).
     *
     * @return component index per facility, numbered in a topological order of the condensation: a lane between two
     *         different components always goes from a lower to a higher index
     */
    int[] strongComponents() {
        int n = facilityCount;
        int[] index = new int[n];
        int[] low = new int[n];
        int[] comp = new int[n];
        Arrays.fill(index, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        int[] callVertex = new int[n];
        int[] callEdge = new int[n];
        int next = 0;
        int emitted = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) continue;
            int depth = 0;
            callVertex[0] = root;
            callEdge[0] = outStart[root];
            index[root] = low[root] = next++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callVertex[depth];
                if (callEdge[depth] < outStart[v + 1]) {
                    int w = to[outLanes[callEdge[depth]++]];
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callVertex[depth] = w;
                        callEdge[depth] = outStart[w];
                    } else if (onStack[w] && index[w] < low[v]) {
                        low[v] = index[w];
                    }
                } else {
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            onStack[w] = false;
                            comp[w] = emitted;
                        } while (w != v);
                        emitted++;
                    }
                    depth--;
                    if (depth >= 0) {
                        int parent = callVertex[depth];
                        if (low[v] < low[parent]) low[parent] = low[v];
                    }
                }
            }
        }
        // Tarjan emits components in reverse topological order; flip so that lanes go from lower to higher indices.
        for (int v = 0; v < n; v++) comp[v] = emitted - 1 - comp[v];
        return comp;
    }
}
