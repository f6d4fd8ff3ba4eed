/** @jsxImportSource preact */
import { render } from "preact";
import { OptionsPage } from "../../options/OptionsPage";
import "../../options/options.css";

render(<OptionsPage />, document.getElementById("app")!);
