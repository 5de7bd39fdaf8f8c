// A three.js scene on one canvas: a mesh with a colour per vertex, or a
// cloud of voxels drawn as instanced cubes, lit from the camera's side,
// turned and zoomed with the pointer (OrbitControls). It draws on demand
// (after a change or a move), into a buffer kept for reading back
// (`preserveDrawingBuffer`: the PNG button and the end-to-end test).

import { AmbientLight, BoxGeometry, BufferAttribute, BufferGeometry, Color, DirectionalLight, DoubleSide, InstancedMesh, Mesh, MeshLambertMaterial, Object3D, PerspectiveCamera, Scene, Sphere, WebGLRenderer } from "three";
import { OrbitControls } from "three/addons/controls/OrbitControls.js";
import type { Voxel } from "./grid";
import type { UpAxis } from "./input";

/** The background, as the page's views have it. */
const BACKGROUND = 0xf4f4f6;

export class ShapeScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(35, 1, 0.01, 1000);
  private readonly controls: OrbitControls;
  /** What is shown (a mesh or the instanced cubes), replaced by the next. */
  private shown: Mesh | InstancedMesh | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio));
    this.scene.background = new Color(BACKGROUND);
    const light = new DirectionalLight(0xffffff, 2);
    light.position.set(1, 1, 2);
    // The light moves with the camera: the side facing the viewer is lit.
    this.camera.add(light);
    this.scene.add(new AmbientLight(0xffffff, 1.2), this.camera);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener("change", () => this.draw());
    new ResizeObserver(() => this.resize()).observe(canvas);
  }

  /**
   * Shows the triangles of `positions` (xyz per vertex) and `triangles` (three indices each), coloured per vertex
   * (`colours`: RGB 0..1), turned so that the file's `up` axis points up, as the model saw it.
   */
  showMesh(positions: Float32Array, triangles: Uint32Array, colours: Float32Array, up: UpAxis): void {
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", new BufferAttribute(positions, 3));
    geometry.setAttribute("color", new BufferAttribute(colours, 3));
    geometry.setIndex(new BufferAttribute(triangles, 1));
    geometry.computeVertexNormals();
    geometry.computeBoundingSphere();
    const mesh = new Mesh(geometry, new MeshLambertMaterial({ vertexColors: true, side: DoubleSide }));
    // three.js has y up: z up turns a quarter about x (z → y), x up a quarter about z (x → y).
    if (up === "z") mesh.rotation.x = -Math.PI / 2;
    if (up === "x") mesh.rotation.z = Math.PI / 2;
    mesh.updateMatrix();
    this.replace(mesh, geometry.boundingSphere?.clone().applyMatrix4(mesh.matrix) ?? null);
  }

  /** Gives the mesh shown new vertex colours (RGB 0..1). */
  recolour(colours: Float32Array): void {
    const geometry = this.shown?.geometry;
    if (!(this.shown instanceof Mesh) || this.shown instanceof InstancedMesh || !geometry) return;
    geometry.setAttribute("color", new BufferAttribute(colours, 3));
    this.draw();
  }

  /**
   * Shows `voxels` of a grid `[side]³` as unit cubes coloured by `colourOf`
   * (RGB 0..255), upright: w to the right, h up, d towards the viewer.
   */
  showVoxels(voxels: readonly Voxel[], side: number, colourOf: (v: Voxel) => readonly number[]): void {
    const cubes = new InstancedMesh(new BoxGeometry(0.9, 0.9, 0.9), new MeshLambertMaterial(), Math.max(1, voxels.length));
    cubes.count = voxels.length;
    const place = new Object3D();
    const half = side / 2;
    voxels.forEach((v, i) => {
      const [d, h, w] = v.at;
      place.position.set(w + 0.5 - half, half - h - 0.5, d + 0.5 - half);
      place.updateMatrix();
      cubes.setMatrixAt(i, place.matrix);
      const [r, g, b] = colourOf(v);
      cubes.setColorAt(i, new Color(r / 255, g / 255, b / 255));
    });
    // Framed on the grid's bounds, not the cubes', once: the next cloud is seen as this one was.
    this.replace(cubes, this.shown ? null : new Sphere(undefined, (Math.sqrt(3) * side) / 2));
  }

  /** Replaces what is shown by `object`, and frames `bounds` (null: the camera stays). */
  private replace(object: Mesh | InstancedMesh, bounds: Sphere | null): void {
    if (this.shown) {
      this.scene.remove(this.shown);
      this.shown.geometry.dispose();
      (this.shown.material as MeshLambertMaterial).dispose();
    }
    this.shown = object;
    this.scene.add(object);
    if (bounds) this.frame(bounds);
    this.resize();
  }

  /** Points the camera at `bounds` from the front, a little above and to the right, the whole of it in view. */
  private frame(bounds: Sphere): void {
    const distance = bounds.radius / Math.sin(((this.camera.fov / 2) * Math.PI) / 180);
    this.controls.target.copy(bounds.center);
    this.camera.position.set(bounds.center.x + distance * 0.35, bounds.center.y + distance * 0.3, bounds.center.z + distance * 0.9);
    this.camera.near = distance / 100;
    this.camera.far = distance * 10;
    this.controls.update();
  }

  /** Fits the drawing buffer to the canvas's size on the page, then draws. */
  private resize(): void {
    const { clientWidth: w, clientHeight: h } = this.canvas;
    if (w > 0 && h > 0) {
      this.renderer.setSize(w, h, false);
      this.camera.aspect = w / h;
      this.camera.updateProjectionMatrix();
    }
    this.draw();
  }

  private draw(): void {
    this.renderer.render(this.scene, this.camera);
  }
}
