/** Public API of kube-sim, the Kubernetes API test server: start it in-process, drive its pods, read its objects. */
export { startKubeSim, type KubeSim, type KubeSimOptions } from './kube-sim.js';
export type { SimPod } from './kubelet/kubelet.js';
export type { SimClient } from './sim-client.js';
export type { KubeObject, Pod } from './model/types.js';
