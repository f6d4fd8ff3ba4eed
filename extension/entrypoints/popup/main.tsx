/** @jsxImportSource preact */
import { render } from "preact";
import { Popup } from "../../popup/Popup";
import "../../popup/popup.css";

render(<Popup />, document.getElementById("app")!);
